package org.stakechain.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.node.Testnet;

/**
 * What must hold after the faults, read through the nodes' HTTP APIs: one final chain, nothing acknowledged lost,
 * balances equal to the replayed transfers, supply conserved, equivocators slashed and nobody else.
 */
final class Checker {
    private final Testnet net;
    final Genesis genesis;
    /** Final block hash per height, as first seen: every node and every later look must agree with it. */
    private final Map<Long, String> hashes = new HashMap<>();

    Checker(Testnet net) {
        this.net = net;
        try {
            this.genesis = Genesis.fromJson(Files.readString(net.dir.resolve("genesis.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Blocks fromHeight..upTo on each node: the same hash and state root as on every other node and as first seen
     * at that height, so a node checked again after a fault must still serve what it served before.
     */
    int sameFinalChain(List<String> nodes, long fromHeight, long upTo) {
        int reads = 0;
        for (long h = Math.max(1, fromHeight); h <= upTo; h++) {
            for (String n : nodes) {
                long height = h;
                JsonNode b = net.block(n, h).orElseThrow(() -> new AssertionError(n + " lacks final block " + height));
                reads++;
                String id = b.path("hash").asText() + "/" + b.path("stateRoot").asText();
                String seen = hashes.putIfAbsent(h, id);
                if (seen != null && !seen.equals(id)) {
                    throw new AssertionError("two final blocks at height " + h + ": " + seen + " and, on " + n + ", "
                            + id);
                }
            }
        }
        return reads;
    }

    /** Every acknowledged transfer is final on every node, in the same block. */
    void acknowledgedFinalEverywhere(List<String> nodes, TransferWorkload workload) {
        for (Transaction tx : workload.signed()) {
            String where = null;
            for (String n : nodes) {
                JsonNode t = Testnet.get(net.url(n) + "/api/v1/transactions/" + tx.hash().hex())
                        .orElseThrow(() -> new AssertionError("acknowledged transfer " + tx.hash().hex()
                                + " (nonce " + tx.nonce() + ") unknown on " + n));
                if (!t.path("status").asText().equals("final") || !t.path("receipt").path("success").asBoolean()) {
                    throw new AssertionError("acknowledged transfer " + tx.hash().hex() + " is " + t + " on " + n);
                }
                String block = t.path("blockHash").asText();
                if (where != null && !where.equals(block)) {
                    throw new AssertionError(tx.hash().hex() + " final in two blocks: " + where + ", " + block);
                }
                where = block;
            }
        }
    }

    /**
     * On {@code node}, at one height: each workload account holds exactly what was sent to it, the treasury what
     * it started with less what it sent and paid, and the sum of every account's balance, stake and unbonding is
     * the genesis supply plus what was minted ({@code blockReward} per block) less what slashing burned.
     */
    void balancesAndSupply(String node, TransferWorkload workload) {
        List<String> addresses = new ArrayList<>(new LinkedHashSet<>(allAddresses(workload)));
        for (int attempt = 0; ; attempt++) {
            Map<String, JsonNode> accounts = new LinkedHashMap<>();
            Set<Long> heights = new LinkedHashSet<>();
            for (String a : addresses) {
                JsonNode acc = TransferWorkload.account(net.url(node), a)
                        .orElseThrow(() -> new AssertionError(node + " does not answer for account " + a));
                accounts.put(a, acc);
                heights.add(acc.path("height").asLong());
            }
            if (heights.size() > 1) {
                if (attempt > 50) {
                    throw new AssertionError("accounts never read at one height on " + node + ": " + heights);
                }
                continue; // a block became final between two reads: read them all again
            }
            long height = heights.iterator().next();
            check(accounts, height, workload);
            return;
        }
    }

    private void check(Map<String, JsonNode> accounts, long height, TransferWorkload workload) {
        workload.expectedBalances().forEach((address, expected) -> {
            long actual = accounts.get(address).path("balanceUnits").asLong();
            if (actual != expected) {
                throw new AssertionError("workload account " + address + " holds " + actual + ", the final transfers"
                        + " to it sum to " + expected);
            }
        });
        String treasury = net.manifest.path("treasury").path("address").asText();
        long treasuryStart = genesis.accounts().stream().filter(a -> a.address().text().equals(treasury))
                .mapToLong(Genesis.GenesisAccount::balance).sum();
        long spent = 0;
        for (Transaction tx : workload.signed()) {
            spent = Math.addExact(spent, Math.addExact(((TxPayload.Transfer) tx.payload()).amount(), tx.fee()));
        }
        JsonNode t = accounts.get(treasury);
        if (t.path("balanceUnits").asLong() != treasuryStart - spent
                || t.path("nonce").asLong() != workload.signed().size()) {
            throw new AssertionError("treasury holds " + t.path("balanceUnits").asLong() + " at nonce "
                    + t.path("nonce").asLong() + "; expected " + (treasuryStart - spent) + " at nonce "
                    + workload.signed().size());
        }
        ChainParams params = genesis.params();
        long supply = 0;
        for (Genesis.GenesisAccount a : genesis.accounts()) {
            supply = Math.addExact(supply, a.balance());
        }
        for (Genesis.GenesisValidator v : genesis.validators()) {
            supply = Math.addExact(supply, v.stake());
        }
        long minted = Math.multiplyExact(params.blockReward(), height);
        long burned = 0;
        long held = 0;
        for (JsonNode a : accounts.values()) {
            held = Math.addExact(held, Math.addExact(a.path("balanceUnits").asLong(), a.path("stakedUnits").asLong()));
            for (JsonNode u : a.path("unbonding")) {
                held = Math.addExact(held, u.path("amountUnits").asLong());
            }
            long slashed = a.path("slashedUnits").asLong();
            burned = Math.addExact(burned, slashed - ChainParams.share(slashed, params.finderFeeBps()));
        }
        long expected = supply + minted - burned;
        if (held != expected) {
            throw new AssertionError("supply at height " + height + ": accounts hold " + held + " units, genesis "
                    + supply + " + minted " + minted + " - burned " + burned + " = " + expected);
        }
    }

    private List<String> allAddresses(TransferWorkload workload) {
        List<String> out = new ArrayList<>();
        genesis.accounts().forEach(a -> out.add(a.address().text()));
        genesis.validators().forEach(v -> out.add(v.publicKey().address().text()));
        workload.recipients.forEach(r -> out.add(r.address().text()));
        return out;
    }

    /** Validator addresses with a non-zero slashed amount, as {@code node} reports them. */
    Set<String> slashed(String node) {
        JsonNode vs = Testnet.get(net.url(node) + "/api/v1/validators")
                .orElseThrow(() -> new AssertionError(node + " does not list validators"));
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode v : vs.path("validators")) {
            if (v.path("slashedUnits").asLong() > 0) {
                out.add(v.path("address").asText());
            }
        }
        return out;
    }
}
