package insitu.boards.sim.physics;

import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.state.CellArrays;
import insitu.boards.sim.state.DeviceHistory;

/** The conductance a cell has now, as pulses and reads of a board with device physics see it. */
public record Conductances(DeviceModel model, CellArrays cells, DeviceHistory history) {

  /** As programmed plus its relaxation by {@code nowSeconds}, within the device's range. */
  public double now(int array, int cell, double nowSeconds) {
    double g = cells.siemens(array, cell);
    double t0 = history.lastPulseSeconds[array][cell];
    if (!Double.isNaN(t0)) g += model.relaxation().shiftSiemens(history.relaxationZ[array][cell], nowSeconds - t0);
    return clip(model, g);
  }

  /** Clipped to the device's range. */
  public static double clip(DeviceModel model, double v) {
    return v < model.minSiemens() ? model.minSiemens() : Math.min(v, model.maxSiemens());
  }
}
