package insitu.numeric.kernel;

/**
 * Whether this JVM runs the kernels written on the incubating Vector API: it was started with
 * {@code --add-modules jdk.incubator.vector} and {@code -Dinsitu.simd=false} was not given. Every
 * such kernel has a scalar twin that gives the same bits, so this decides speed only.
 */
public final class Simd {
  private Simd() {}

  public static final boolean ENABLED = !"false".equals(System.getProperty("insitu.simd"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
}
