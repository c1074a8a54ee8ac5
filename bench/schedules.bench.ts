// whetstone/schedules: the learning rates of 100 000 steps of the schedules PyTorch also has,
// against torch 1.13's schedulers stepped the same number of times (measured in the same run
// through /usr/bin/python3; when torch cannot be imported, the figures recorded below are printed
// instead, and said so). A whetstone schedule is a pure function of the step; a torch scheduler
// mutates its optimizer's param groups at every step, which is what a training loop pays.
import { spawnSync } from 'node:child_process';
import { cosineWarmRestarts, cyclic, oneCycle, stepDecay } from '../src/schedules/index.js';
import type { Schedule } from '../src/schedules/index.js';
import { printTable, timeIt, type Row } from './_harness.js';

const N = 100_000;
const RUNS = 5;

// Median milliseconds measured on this machine (2 shared cores) with torch 1.13.0a0 (Debian).
const RECORDED = { stepLR: 554, warmRestarts: 559, oneCycle: 731, cyclic: 590 };

const PYTHON = `
import time, warnings, torch
from torch.optim import SGD
from torch.optim.lr_scheduler import StepLR, CosineAnnealingWarmRestarts, OneCycleLR, CyclicLR
warnings.filterwarnings("ignore")
N = ${N}
def run(make):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = SGD([p], lr=0.1, momentum=0.9)
    s = make(opt)
    total = 0.0
    for _ in range(N):
        total += opt.param_groups[0]["lr"]
        s.step()
    return total
def median(make, runs=${RUNS}):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); run(make); times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]
print(median(lambda o: StepLR(o, step_size=1000, gamma=0.5)))
print(median(lambda o: CosineAnnealingWarmRestarts(o, T_0=100, T_mult=2, eta_min=1e-4)))
print(median(lambda o: OneCycleLR(o, max_lr=0.1, total_steps=N + 1, cycle_momentum=False)))
print(median(lambda o: CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=500, mode="triangular2", cycle_momentum=False)))
`;

function peerTimes(): { times: typeof RECORDED; name: string } {
  const run = spawnSync('/usr/bin/python3', ['-c', PYTHON], { encoding: 'utf8' });
  if (run.status === 0) {
    const [stepLR, warmRestarts, one, cyc] = run.stdout.trim().split('\n').map(Number) as [number, number, number, number];
    return { times: { stepLR, warmRestarts, oneCycle: one, cyclic: cyc }, name: 'torch 1.13 scheduler.step() (same run)' };
  }
  console.log(`torch is not importable (${(run.stderr || run.error?.message || '').trim().split('\n').pop()}); printing the recorded figures.`);
  return { times: RECORDED, name: 'torch 1.13 scheduler.step() (recorded, not this run)' };
}

function sweep(schedule: Schedule): () => number {
  return () => {
    let total = 0;
    for (let i = 0; i < N; i++) total += schedule(i);
    return total;
  };
}

const ours = {
  stepLR: await timeIt(sweep(stepDecay({ initialValue: 0.1, gamma: 0.5, stepSize: 1000, offset: 0 })), { runs: RUNS }),
  warmRestarts: await timeIt(sweep(cosineWarmRestarts({ initialValue: 0.1, t0: 100, tMult: 2, etaMin: 1e-4 })), { runs: RUNS }),
  oneCycle: await timeIt(sweep(oneCycle({ maxValue: 0.1, totalSteps: N + 1 })), { runs: RUNS }),
  cyclic: await timeIt(sweep(cyclic({ baseValue: 0.001, maxValue: 0.1, stepSizeUp: 500, mode: 'triangular2' })), { runs: RUNS }),
};
const peer = peerTimes();
const rows: Row[] = [
  { task: `stepDecay (StepLR), ${N} steps`, ours: ours.stepLR, peer: peer.times.stepLR, peerName: peer.name },
  { task: `cosineWarmRestarts, ${N} steps`, ours: ours.warmRestarts, peer: peer.times.warmRestarts, peerName: peer.name },
  { task: `oneCycle (OneCycleLR), ${N} steps`, ours: ours.oneCycle, peer: peer.times.oneCycle, peerName: peer.name },
  { task: `cyclic triangular2 (CyclicLR), ${N} steps`, ours: ours.cyclic, peer: peer.times.cyclic, peerName: peer.name },
];
printTable(rows);
