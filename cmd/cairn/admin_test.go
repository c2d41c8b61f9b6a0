package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// adminApp runs cairn with the commands that follow a deploy.
func adminRun(t *testing.T, args ...string) (string, error) {
	t.Helper()
	out, _, err := run(t, args...)
	if err != nil {
		require.NotContains(t, err.Error(), "\n", "one line: %v", err)
	}
	return out, err
}

// deployWithTimelock deploys from the first dev key with --admin the third
// one and the given --admin-delay, and a committee of one attester.
func deployWithTimelock(t *testing.T, l1 *devchain.Chain, dir, delay string) (genesis, deployerKey, adminKey string, g *config.Genesis) {
	keys := devchain.DevKeys()
	deployerKey = writeFile(t, dir, "deployer.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[0])))
	adminKey = writeFile(t, dir, "admin.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[2])))
	genesis = filepath.Join(dir, "genesis.json")
	_, validator := validatorKeys(t, dir)
	out, err := adminRun(t, "deploy", "--l1-rpc", l1.URL(), "--key", deployerKey, "--validator", validator, "--genesis-out", genesis,
		"--admin", crypto.PubkeyToAddress(keys[2].PublicKey).Hex(), "--admin-delay", delay, "--attester", testAttester(t))
	require.NoError(t, err)
	require.Contains(t, out, "attesters       1 from batch 1, total weight 1, quorum 1\n")
	g, err = config.LoadGenesis(genesis)
	require.NoError(t, err)
	return genesis, deployerKey, adminKey, g
}

// With a delay, cairn attesters set schedules the change through the
// timelock; cairn admin show lists it with its ETA; execute before the ETA
// is refused in one line, and works after it; cancel drops an operation.
func TestAdminScheduleShowExecuteCancel(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0", Period: 1}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	genesis, deployerKey, adminKey, g := deployWithTimelock(t, l1, dir, "4s")
	cl := l1.Client()
	defer cl.Close()
	ctx := context.Background()
	timelock, err := contractAdmin(ctx, cl, g.Contracts.OnChainProposer)
	require.NoError(t, err)
	for _, c := range []common.Address{g.Contracts.ExecVerifier} {
		a, err := contractAdmin(ctx, cl, c)
		require.NoError(t, err)
		require.Equal(t, timelock, a)
	}
	view := attest.NewL1(cl, g.Contracts.OnChainProposer, g.Contracts.Bridge)
	com, err := view.AttesterCommittee(ctx, 1)
	require.NoError(t, err)
	require.Len(t, com.Attesters, 1, "the committee of --attester is set at deploy")

	target := []string{"--l1-rpc", l1.URL(), "--genesis", genesis}
	newKey, err := attesterkey.Generate(nil)
	require.NoError(t, err)
	set := func(key string) (string, error) {
		return adminRun(t, append([]string{"attesters", "set", "--key", key, "--from-batch", "1", "--attester", newKey.Public().String()}, target...)...)
	}
	_, err = set(deployerKey)
	require.ErrorContains(t, err, "is not the admin: it is no proposer of the timelock "+timelock.Hex())

	out, err := set(adminKey)
	require.NoError(t, err)
	require.Contains(t, out, "committee of 1 attesters from batch 1 (total weight 1, quorum 1): scheduled through the timelock "+timelock.Hex())
	require.Contains(t, out, "executable from ")
	id := regexp.MustCompile(`cairn admin execute (0x[0-9a-f]{64})`).FindStringSubmatch(out)
	require.NotNil(t, id, out)

	out, err = adminRun(t, append([]string{"admin", "show"}, target...)...)
	require.NoError(t, err)
	require.Contains(t, out, "timelock "+timelock.Hex()+", delay 4s\n")
	require.Regexp(t, regexp.QuoteMeta(id[1])+`  waiting  ETA \S+  OnChainProposer\.setAttesterCommittee\(fromBatch=1, attesters=\[`+newKey.Address().Hex()+`\]`, out)

	_, err = adminRun(t, append(append([]string{"admin", "execute", "--key", adminKey}, target...), id[1])...)
	require.ErrorContains(t, err, "operation "+id[1]+" is not ready: executable from ")
	_, err = adminRun(t, append(append([]string{"admin", "execute", "--key", adminKey}, target...), common.Hash{1}.Hex())...)
	require.ErrorContains(t, err, "unknown operation "+common.Hash{1}.Hex())
	com, err = view.AttesterCommittee(ctx, 1)
	require.NoError(t, err)
	require.NotEqual(t, newKey.Address(), com.Attesters[0], "not before the delay")

	// A second operation, cancelled.
	prover := crypto.PubkeyToAddress(devchain.DevKeys()[7].PublicKey)
	out, err = adminRun(t, append(append([]string{"admin", "schedule", "--key", adminKey}, target...), "add-prover", prover.Hex())...)
	require.NoError(t, err)
	id2 := regexp.MustCompile(`cairn admin execute (0x[0-9a-f]{64})`).FindStringSubmatch(out)
	require.NotNil(t, id2, out)
	_, err = adminRun(t, append(append([]string{"admin", "cancel", "--key", deployerKey}, target...), id2[1])...)
	require.ErrorContains(t, err, "is not the admin: it is no canceller")
	out, err = adminRun(t, append(append([]string{"admin", "cancel", "--key", adminKey}, target...), id2[1])...)
	require.NoError(t, err)
	require.Contains(t, out, "cancelled "+id2[1]+": ExecVerifier.addProver(prover="+prover.Hex()+")")

	// After the delay the committee change runs.
	require.Eventually(t, func() bool {
		out, err := adminRun(t, append([]string{"admin", "show"}, target...)...)
		return err == nil && strings.Contains(out, id[1]+"  ready")
	}, 30*time.Second, 500*time.Millisecond)
	out, err = adminRun(t, append(append([]string{"admin", "execute", "--key", adminKey}, target...), id[1])...)
	require.NoError(t, err)
	require.Contains(t, out, "executed "+id[1])
	com, err = view.AttesterCommittee(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, []common.Address{newKey.Address()}, com.Attesters)
	out, err = adminRun(t, append([]string{"admin", "show"}, target...)...)
	require.NoError(t, err)
	require.Contains(t, out, "no pending operation")
	_, err = adminRun(t, append(append([]string{"admin", "execute", "--key", adminKey}, target...), id2[1])...)
	require.ErrorContains(t, err, "unknown operation "+id2[1]+": never scheduled on the timelock "+timelock.Hex()+", or cancelled")
	isProver := l1Call(t, cl, g.Contracts.ExecVerifier, bindings.NewExecVerifier().PackIsProver(prover), bindings.NewExecVerifier().UnpackIsProver)
	require.False(t, isProver, "the cancelled operation never ran")
}

// With --admin-delay 0 (as on the devnet), cairn attesters set and cairn
// admin schedule take effect at once, through the timelock.
func TestAdminDelayZeroTakesEffectAtOnce(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	genesis, _, adminKey, g := deployWithTimelock(t, l1, dir, "0s")
	cl := l1.Client()
	defer cl.Close()
	target := []string{"--l1-rpc", l1.URL(), "--genesis", genesis}
	k, err := attesterkey.Generate(nil)
	require.NoError(t, err)
	out, err := adminRun(t, append([]string{"attesters", "set", "--key", adminKey, "--from-batch", "3", "--attester", k.Public().String(), "--weight", "5"}, target...)...)
	require.NoError(t, err)
	require.Contains(t, out, "committee of 1 attesters from batch 3 (total weight 5, quorum 5): done through the timelock")
	com, err := attest.NewL1(cl, g.Contracts.OnChainProposer, g.Contracts.Bridge).AttesterCommittee(context.Background(), 3)
	require.NoError(t, err)
	require.Equal(t, []common.Address{k.Address()}, com.Attesters)

	operator := crypto.PubkeyToAddress(devchain.DevKeys()[6].PublicKey)
	out, err = adminRun(t, append(append([]string{"admin", "schedule", "--key", adminKey}, target...), "set-operator", operator.Hex())...)
	require.NoError(t, err)
	require.Contains(t, out, "done through the timelock")
	ocp := bindings.NewOnChainProposer()
	require.Equal(t, operator, l1Call(t, cl, g.Contracts.OnChainProposer, ocp.PackOperator(), ocp.UnpackOperator))
	_, err = adminRun(t, append(append([]string{"admin", "schedule", "--key", adminKey}, target...), "set-delay", "60")...)
	require.NoError(t, err)
	timelock, err := contractAdmin(context.Background(), cl, g.Contracts.OnChainProposer)
	require.NoError(t, err)
	delay, ok := timelockDelay(context.Background(), cl, timelock)
	require.True(t, ok)
	require.Equal(t, uint64(60), delay, "the timelock's own delay changes through it")
	_, err = adminRun(t, append(append([]string{"admin", "schedule", "--key", adminKey}, target...), "set-operator")...)
	require.ErrorContains(t, err, "set-operator takes ADDRESS")
	_, err = adminRun(t, append(append([]string{"admin", "schedule", "--key", adminKey}, target...), "pm-set-submitter", operator.Hex())...)
	require.ErrorContains(t, err, "pm-set-submitter: the network has no such contract")
}
