#!/bin/bash
# Grade a class as a Slurm job array of 4 tasks; each task grades its shard with '--shard auto',
# which reads SLURM_ARRAY_TASK_ID, _MIN, _STEP and _COUNT (any range works: 0-3, 1-4, 0-6:2).
# Run from the course repository, with the students' zips in submissions/:
#   jobid=$(sbatch --parsable docs/ci/slurm-array.sh)
#   sbatch --dependency=afterok:$jobid --wrap './netlab merge report-* --out report --similarity'
# Build the lab once before (./netlab --version): the tasks share the built jar.
#SBATCH --job-name=netlab-grade
#SBATCH --array=0-3
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=01:00:00
#SBATCH --output=grade-%A_%a.log
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
# one student per core at a time; bubblewrap must be installed on the nodes (or the report says
# NOT fully sandboxed)
./netlab grade submissions/ --out "report-${SLURM_ARRAY_TASK_ID}" --shard auto --jobs "${SLURM_CPUS_PER_TASK:-1}"
