package insitu.io;

import java.util.function.Function;

/**
 * Finds the constant of an enum by the code it has on a wire, in a file format or on a command
 * line, so that each coded enum states only its codes.
 */
public final class EnumCodes {
  private EnumCodes() {}

  /** The first of {@code values} whose {@code code} equals {@code wanted}, or {@code otherwise} when none does. */
  public static <E, K> E find(E[] values, Function<? super E, K> code, K wanted, E otherwise) {
    for (E e : values) if (code.apply(e).equals(wanted)) return e;
    return otherwise;
  }
}
