package insitu.boards;

import insitu.boards.sim.SimulatedBoard;

class SimulatedBoardContractTest extends BoardContractTest {
  @Override
  protected Board open(SimulatedBoard devices) {
    return devices;
  }
}
