package netlab.grade.batch;

import java.io.IOException;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.grade.WorkerProcess;
import netlab.grade.WorkerSpec;

/**
 * One student's worker: started for their first exercise, reused for the rest, and replaced by
 * a fresh one when it dies or is tainted, so the remaining exercises are graded cleanly.
 */
final class StudentWorkers implements netlab.grade.GradingRun.Workers, AutoCloseable {
  private final WorkerSpec spec;
  private WorkerProcess current;
  private int started;

  StudentWorkers(WorkerSpec spec) {
    this.spec = spec;
  }

  @Override
  public WorkerProcess acquire() throws NetlabException {
    if (current != null && !current.tainted()) return current;
    if (current != null) current.close();
    try {
      current = WorkerProcess.start(spec);
      started++;
      return current;
    } catch (IOException e) {
      throw new NetlabException(ExitCode.ENVIRONMENT, e.getMessage(), e);
    }
  }

  @Override
  public void release(WorkerProcess w) {
    if (w.tainted()) {
      w.kill();
      w.close();
      if (w == current) current = null;
    }
  }

  int started() {
    return started;
  }

  @Override
  public void close() {
    if (current != null) {
      current.kill(); // a student's worker is not reused: no need to wait for a clean exit
      current.close();
    }
  }
}
