#!/usr/bin/env python3
"""CPU of a running JVM by thread group, every second, from /proc: every native thread counts (GC, JIT,
RocksDB's background threads, the in-process broker), which JFR's per-Java-thread figures leave out.

  thread_cpu.py sample PID OUT     # until the process exits: one line per second, "HH:MM:SS name=cores ..."
  thread_cpu.py runs OUT           # mean cores per group over each stretch where a bench/curate stream thread is busy

Thread names are the kernel's (15 characters): Kafka Streams' threads of one application id show as one name.
"""
import collections
import os
import re
import sys
import time


def sample(pid, out_path):
    hz = os.sysconf('SC_CLK_TCK')
    prev = {}
    with open(out_path, 'w') as out:
        while os.path.exists(f'/proc/{pid}'):
            now = collections.Counter()
            try:
                tids = os.listdir(f'/proc/{pid}/task')
            except OSError:
                break
            for tid in tids:
                try:
                    stat = open(f'/proc/{pid}/task/{tid}/stat').read()
                except OSError:
                    continue
                comm = stat[stat.index('(') + 1:stat.rindex(')')]
                fields = stat[stat.rindex(')') + 2:].split()
                cpu = (int(fields[11]) + int(fields[12])) / hz
                now[re.sub(r'[-_ #]?\d+$', '', comm)] += cpu - prev.get(tid, 0 if tid not in prev else cpu)
                prev[tid] = cpu
            out.write(time.strftime('%H:%M:%S') + ' ' + ' '.join(f'{k}={v:.2f}' for k, v in now.most_common() if v > 0.005) + '\n')
            out.flush()
            time.sleep(1)


GROUPS = ['stream threads', 'broker', 'producer network', 'rocksdb', 'JIT', 'GC', 'other']


def group(name):
    if re.match(r'(bench|curate-run)-', name):
        return 'stream threads'
    if re.match(r'data-plane|kafka-0|quorum|group-co|TxnMarker|AddPartitions|transaction|kafka-sched|Expiration|broker-|controller|raft|executor|kafka-log|LogDir', name):
        return 'broker'
    if 'Compiler' in name:
        return 'JIT'
    if 'GC' in name or name == 'VM Thread':
        return 'GC'
    if 'producer' in name:
        return 'producer network'
    if 'rocksdb' in name:
        return 'rocksdb'
    return 'other'


def runs(path):
    seconds = []
    for line in open(path):
        cores = {m.group(1).strip(): float(m.group(2)) for m in re.finditer(r'(.+?)=([\d.]+)(?: |$)', line[9:].rstrip('\n'))}
        seconds.append(cores)
    stretches, current = [], None
    for cores in seconds:
        busy = any(group(k) == 'stream threads' and v > 0.3 for k, v in cores.items())
        if busy:
            if current is None:
                current = []
                stretches.append(current)
            current.append(cores)
        else:
            current = None
    print('run  seconds ' + ' '.join(f'{g:>16s}' for g in GROUPS) + '  total')
    for i, stretch in enumerate(stretches, 1):
        total = collections.Counter()
        for cores in stretch:
            for k, v in cores.items():
                total[group(k)] += v
        n = len(stretch)
        print(f'{i:3d} {n:8d} ' + ' '.join(f'{total[g] / n:16.2f}' for g in GROUPS) + f'  {sum(total.values()) / n:5.2f}')


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'sample':
        sample(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == 'runs':
        runs(sys.argv[2])
    else:
        sys.exit(__doc__)
