package insitu.runtime.calibrate;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The SET response G = offset + slope·Vg fitted to where pulses landed, by least squares. EJML
 * solves it by Householder QR of the design matrix [1, Vg], which never forms the normal
 * equations: the textbook sums (n·Σxy − Σx·Σy)/(n·Σx² − (Σx)²) subtract nearly equal large
 * numbers, QR does not, and the model reads as what it is.
 *
 * @param slopeSiemensPerVolt dG/dVg
 * @param offsetSiemens G at Vg = 0, extrapolated
 * @param rmsSiemens rms residual of the landings around the line
 */
record SetResponseFit(double slopeSiemensPerVolt, double offsetSiemens, double rmsSiemens) {

  /** The fit of the points (gates[i], conductances[i]); at least two distinct gates are needed. */
  static SetResponseFit of(double[] gates, double[] conductances) {
    int m = gates.length;
    if (m != conductances.length || m < 2) throw new IllegalArgumentException("a line needs two or more paired points, got " + m);
    DMatrixRMaj design = new DMatrixRMaj(m, 2), landed = new DMatrixRMaj(m, 1, true, conductances), line = new DMatrixRMaj(2, 1);
    for (int i = 0; i < m; i++) {
      design.set(i, 0, 1);
      design.set(i, 1, gates[i]);
    }
    DMatrixRMaj residual = landed.copy();
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(m, 2);
    if (!solver.setA(solver.modifiesA() ? design.copy() : design) || solver.quality() < 1e-12)
      throw new IllegalStateException("the SET response cannot be fitted: all sweep points at one gate");
    solver.solve(solver.modifiesB() ? landed.copy() : landed, line);
    CommonOps_DDRM.multAdd(-1, design, line, residual);
    return new SetResponseFit(line.get(1), line.get(0), NormOps_DDRM.normF(residual) / Math.sqrt(m));
  }
}
