"""go_v2.jsonl from the Go 1.23.5 outputs the shared oracle recorded
(../shared/oracles/seed12345_outputs/go123.txt, made by
../shared/oracles/go_mathrand_v2/main.go; this machine has no Go >= 1.22).
Run: python3 tests/vectors/oracles/go_v2_from_shared.py ../shared/oracles/seed12345_outputs/go123.txt > tests/vectors/go_v2.jsonl"""
import json, sys
lines = dict(l.split(": ", 1) for l in open(sys.argv[1]).read().splitlines() if ": " in l)
def vals(k): return [int(x) for x in lines[k].split()]
print(json.dumps({"source": "go_rand_v2_pcg", "call": "rand.NewPCG(12345, 0).Uint64()", "seed": 12345, "reduction": "raw", "min": 0, "max": 2**64 - 1, "values": vals("PCG(12345,0).Uint64()")}))
print(json.dumps({"source": "go_rand_v2_pcg", "call": "rand.New(rand.NewPCG(12345, 0)).IntN(1000)", "seed": 12345, "reduction": "lemire64", "min": 0, "max": 999, "values": vals("rand.New(PCG(12345,0)).IntN(1000)")}))
