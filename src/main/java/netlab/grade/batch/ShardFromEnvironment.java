package netlab.grade.batch;

import java.util.Map;
import netlab.core.Msg;
import netlab.core.NetlabException;

/**
 * {@code --shard auto}: which shard this process is, from the variables a job engine sets, so one
 * command line serves every job of a matrix, array or indexed job. Read in this order:
 * <ol>
 *   <li>{@code NETLAB_SHARD_INDEX} (0-based) and {@code NETLAB_SHARD_COUNT}: set them yourself;
 *       in a GitHub Actions matrix, from {@code ${{ strategy.job-index }}} and
 *       {@code ${{ strategy.job-total }}} (Actions sets no variable of its own for these).
 *   <li>A Slurm job array: {@code SLURM_ARRAY_TASK_ID}, with {@code SLURM_ARRAY_TASK_MIN},
 *       {@code SLURM_ARRAY_TASK_STEP} and {@code SLURM_ARRAY_TASK_COUNT} (or {@code _MAX}), which
 *       Slurm sets for every array task: {@code --array=0-3}, {@code 1-4} and {@code 0-6:2} all
 *       work; a list with gaps ({@code 1,5,9}) does not.
 *   <li>A Kubernetes Indexed Job: {@code JOB_COMPLETION_INDEX} (0-based), with
 *       {@code NETLAB_SHARD_COUNT} set in the pod's env to the job's {@code completions}
 *       (Kubernetes puts the index in the environment, not the count).
 * </ol>
 */
public record ShardFromEnvironment(int shard, int shards, String from) {
  public static ShardFromEnvironment read(Map<String, String> env) throws NetlabException {
    String count = env.get("NETLAB_SHARD_COUNT");
    if (env.containsKey("NETLAB_SHARD_INDEX")) {
      if (count == null) throw NetlabException.usage(Msg.get("shard.noCount"));
      return of(number(env, "NETLAB_SHARD_INDEX"), number(env, "NETLAB_SHARD_COUNT"),
          "NETLAB_SHARD_INDEX=" + env.get("NETLAB_SHARD_INDEX") + ", NETLAB_SHARD_COUNT=" + count);
    }
    if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
      int id = number(env, "SLURM_ARRAY_TASK_ID");
      int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? number(env, "SLURM_ARRAY_TASK_MIN") : 0;
      int step = env.containsKey("SLURM_ARRAY_TASK_STEP") ? number(env, "SLURM_ARRAY_TASK_STEP") : 1;
      int n;
      if (env.containsKey("SLURM_ARRAY_TASK_COUNT")) {
        n = number(env, "SLURM_ARRAY_TASK_COUNT");
      } else if (env.containsKey("SLURM_ARRAY_TASK_MAX")) {
        n = (number(env, "SLURM_ARRAY_TASK_MAX") - min) / Math.max(1, step) + 1;
      } else {
        throw NetlabException.usage(Msg.get("shard.slurmNoCount"));
      }
      if (step < 1 || id < min || (id - min) % step != 0 || (id - min) / step >= n) {
        throw NetlabException.usage(Msg.get("shard.slurmOffRange", id, min, step, n - 1));
      }
      return of((id - min) / step, n, Msg.get("shard.fromSlurm", id, n));
    }
    if (env.containsKey("JOB_COMPLETION_INDEX")) {
      if (count == null) {
        throw NetlabException.usage(Msg.get("shard.k8sNoCount"));
      }
      return of(number(env, "JOB_COMPLETION_INDEX"), number(env, "NETLAB_SHARD_COUNT"),
          "JOB_COMPLETION_INDEX=" + env.get("JOB_COMPLETION_INDEX") + ", NETLAB_SHARD_COUNT=" + count);
    }
    throw NetlabException.usage(Msg.get("shard.none"));
  }

  private static ShardFromEnvironment of(int index, int count, String from) throws NetlabException {
    if (count < 1 || index < 0 || index >= count) {
      throw NetlabException.usage(Msg.get("shard.outOfRange", index, count - 1, from));
    }
    return new ShardFromEnvironment(index + 1, count, from);
  }

  private static int number(Map<String, String> env, String name) throws NetlabException {
    try {
      return Integer.parseInt(env.get(name).trim());
    } catch (NumberFormatException e) {
      throw NetlabException.usage(Msg.get("shard.notNumber", name, env.get(name)));
    }
  }
}
