// Package bench holds the benchmark workloads behind `cairn bench`. A
// workload runs real components (a devnet in-process, its embedded geth L1
// as the reference) and returns figures; the CLI prints them as a table.
// Timings on shared machines are noisy: run several times and compare the
// ratio against the reference measured in the same run.
package bench
