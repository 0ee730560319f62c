package insitu.boards.capability;

/** A board that multiplies in this process, with kernels on the Vector API where they proved faster. */
public interface VectorKernels extends BoardCapability {
  /** Whether its products run on the Vector API now (decision 21). */
  boolean vectorProductsInUse();
}
