package insitu.boards.capability;

/**
 * A board with a cheaper way to take convolutions: {@link insitu.boards.drive.FeatureMaps} instead
 * of every patch (a board behind a link, where the maps are a fraction of the patches' bytes).
 * A board without this capability prefers the patches: an in-process board's caller has them
 * anyway (it needs them for training). Either way the results are the same.
 */
public interface DrivePreference extends BoardCapability {
  /** Whether feature maps are the cheaper drive now (a firmware that lacks them says so once refused). */
  boolean prefersFeatureMaps();
}
