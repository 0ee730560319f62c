package insitu.runtime.session;

import insitu.runtime.program.ProgramReport;

/**
 * What programming did.
 *
 * @param description how the weights got onto the board, for reports
 * @param report the closed loop's outcome, or null for open-loop programming
 * @param pulses pulses spent
 */
public record Programmed(String description, ProgramReport report, long pulses) {}
