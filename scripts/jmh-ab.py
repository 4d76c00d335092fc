#!/usr/bin/env python3
"""A against B on a shared machine: the same JMH benchmark classes (this checkout's test classes) run against two
builds of the main classes, alternating A, B, A, B, ... so both see the same load; prints the median of every
iteration of every run, of the score and of the benchmark's thread-CPU counters where it has them
(StateTransitionBenchmark: cpuMicros/calls; SyncReplayBenchmark.ratioByCpuTime: verify/replay per iteration).

  ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
  (cd ../main-checkout && ./mvnw -q -o compile)            # A: any other checkout, compiled
  scripts/jmh-ab.py --a ../main-checkout/target/classes --b target/classes --rounds 3 -- \\
      'StateTransitionBenchmark.(applyBlockPreVerified|buildBlockPreVerified)' -f 1 -wi 3 -i 5 -w 2s -r 2s

The benchmark classes must only use API both builds have. Results (JMH JSON) go to target/jmh-ab/.
"""
import argparse, collections, json, os, statistics, subprocess, sys

def main():
    sep = sys.argv.index('--') if '--' in sys.argv else len(sys.argv)
    p = argparse.ArgumentParser()
    p.add_argument('--a', required=True, help='main classes of build A')
    p.add_argument('--b', required=True, help='main classes of build B')
    p.add_argument('--rounds', type=int, default=3)
    args = p.parse_args(sys.argv[1:sep])
    jmh = sys.argv[sep + 1:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    deps = open(os.path.join(root, 'target/test-classpath.txt')).read().strip()
    out_dir = os.path.join(root, 'target/jmh-ab')
    os.makedirs(out_dir, exist_ok=True)
    series = collections.defaultdict(list)
    for r in range(args.rounds):
        for side, classes in (('A', args.a), ('B', args.b)):
            out = os.path.join(out_dir, f'{side}-{r}.json')
            cp = ':'.join([os.path.join(root, 'target/test-classes'), os.path.abspath(classes), deps])
            run = subprocess.run(['java', '-Djmh.ignoreLock=true', '-cp', cp, 'org.openjdk.jmh.Main', *jmh,
                                  '-rf', 'json', '-rff', out], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(run.stdout[-3000:] + run.stderr[-3000:])
            for b in json.load(open(out)):
                name = b['benchmark'].split('.')[-1] + ''.join(f' {k}={v}' for k, v in sorted(b.get('params', {}).items()))
                m = b['primaryMetric']
                series[(name + ' [' + m['scoreUnit'] + ']', side)] += [x for row in m['rawData'] for x in row]
                aux = {k: [x for row in v['rawData'] for x in row] for k, v in b.get('secondaryMetrics', {}).items()}
                if 'cpuMicros' in aux and 'calls' in aux:
                    series[(name + ' [CPU ms/call]', side)] += [c / n / 1000 for c, n in zip(aux['cpuMicros'], aux['calls']) if n]
                if 'replayCpuMicros' in aux and 'verifyCpuMicros' in aux:
                    series[(name + ' [verify/replay CPU]', side)] += [v / p for v, p in zip(aux['verifyCpuMicros'], aux['replayCpuMicros']) if p]
            print(f'round {r + 1}/{args.rounds} {side} done', flush=True)
    for key in sorted({k for k, _ in series}):
        a, b = series[(key, 'A')], series[(key, 'B')]
        print(f'{key}: A median {statistics.median(a):.3f} (n={len(a)}), B median {statistics.median(b):.3f} (n={len(b)})')

if __name__ == '__main__':
    main()
