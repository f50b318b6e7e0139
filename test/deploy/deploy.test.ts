/**
 * The shipped cluster files: the Kubernetes Indexed Job validated against the Kubernetes
 * schema (kubernetes-models' JSON schemas for batch/v1 Job: types, enums, required fields;
 * unknown fields are not rejected), and checked to run `n2n run --shard` with the completion
 * index over as many shards as completions; the Slurm script parsed by bash and read for the
 * array variables it needs. The Slurm lane (scripts/slurm-lane.sh, run by .ci/run) runs it on
 * a real cluster.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1';

describe('deploy files', () => {
  it('the Indexed Job is a valid batch/v1 Job whose pods run their shard of as many shards as completions', () => {
    const doc = parse(readFileSync('deploy/k8s-indexed-job.yaml', 'utf8'));
    expect(() => new Job(doc).validate()).not.toThrow();
    const spec = doc.spec;
    expect(spec.completionMode).toBe('Indexed');
    const c = spec.template.spec.containers[0];
    const shards = c.env.find((e: { name: string }) => e.name === 'SHARDS').value;
    expect(Number(shards)).toBe(spec.completions);
    expect(c.command.join(' ')).toMatch(/n2n run \S+ --shard "\$\{JOB_COMPLETION_INDEX\}\/\$\{SHARDS\}"/);
    // the validator does reject a wrong value (so the pass above means something)
    const bad = structuredClone(doc);
    bad.spec.completionMode = 'Sideways';
    expect(() => new Job(bad).validate()).toThrow(/completionMode/);
  });

  it('the Slurm job-array script parses and takes its shard from SLURM_ARRAY_TASK_ID over SLURM_ARRAY_TASK_COUNT', () => {
    expect(spawnSync('bash', ['-n', 'deploy/slurm-sweep.sh']).status).toBe(0);
    expect(spawnSync('bash', ['-n', 'scripts/slurm-lane.sh']).status).toBe(0);
    const text = readFileSync('deploy/slurm-sweep.sh', 'utf8');
    expect(text).toMatch(/SLURM_ARRAY_TASK_ID/);
    expect(text).toMatch(/--shard "\$\{INDEX\}\/\$\{COUNT\}"/);
    // run outside sbatch it refuses with the reason, before doing anything
    const r = spawnSync('bash', ['deploy/slurm-sweep.sh', 'pipelines/slurm-lane.yaml'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/run this under sbatch --array/);
  });
});
