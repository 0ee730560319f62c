package insitu.fleet.link;

/** MQTT v5 reason codes as words, for one-line errors. */
final class ReasonCodes {
  private ReasonCodes() {}

  static String describe(int code) {
    String name = switch (code) {
      case 0x80 -> "unspecified error";
      case 0x83 -> "implementation specific error";
      case 0x85 -> "client identifier not valid";
      case 0x86 -> "bad user name or password";
      case 0x87 -> "not authorized";
      case 0x88 -> "server unavailable";
      case 0x8A -> "banned";
      case 0x8C -> "bad authentication method";
      case 0x8F -> "topic filter invalid";
      case 0x90 -> "topic name invalid";
      case 0x95 -> "packet too large";
      case 0x97 -> "quota exceeded";
      default -> "code";
    };
    return String.format("0x%02X %s", code, name);
  }
}
