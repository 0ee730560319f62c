package insitu.boards.capability;

/**
 * An optional ability of a board, asked for with {@link insitu.boards.Board#capability}: callers
 * never cast to a board's class to reach one.
 */
public interface BoardCapability {}
