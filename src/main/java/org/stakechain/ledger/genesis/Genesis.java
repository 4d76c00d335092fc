package org.stakechain.ledger.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.StateChanges;
import org.stakechain.ledger.state.StateCommitment;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * The genesis of a chain: its rules, its start time, the coins that exist at the start (the ICO) and the
 * validators that forge its first epoch. Read from and written to JSON; amounts there are coin strings
 * ("350", "0.001") so no reader meets a float. Its hash (of the canonical binary form) names the chain's
 * history: peers with another genesis hash are on another chain.
 */
public record Genesis(ChainParams params, long genesisTimeMillis, List<GenesisAccount> accounts,
                      List<GenesisValidator> validators) {

    /** An allocation: {@code balance} spendable units at {@code address}; {@code name} is for people only. */
    public record GenesisAccount(String name, Address address, long balance) {
    }

    /** A validator of the first epoch: its key and the units it has staked (on top of its balance). */
    public record GenesisValidator(String name, PublicKey publicKey, long stake) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Genesis {
        accounts = List.copyOf(accounts);
        validators = List.copyOf(validators);
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("genesis needs at least one validator");
        }
        Set<PublicKey> keys = new HashSet<>();
        for (GenesisValidator v : validators) {
            if (!keys.add(v.publicKey())) {
                throw new IllegalArgumentException("validator " + v.name() + " listed twice");
            }
            if (v.stake() < params.minimumStake()) {
                throw new IllegalArgumentException("validator " + v.name() + " stakes " + Coins.format(v.stake())
                        + ", below the minimum stake " + Coins.format(params.minimumStake()));
            }
        }
        Set<Address> addresses = new HashSet<>();
        for (GenesisAccount a : accounts) {
            if (!addresses.add(a.address())) {
                throw new IllegalArgumentException("account " + a.address() + " listed twice");
            }
            if (a.balance() < 0) {
                throw new IllegalArgumentException("account " + a.name() + " has a negative balance");
            }
        }
    }

    /** SHA-256 of the canonical encoding: the hash the chain's first block points back to. */
    public Hash hash() {
        CanonicalWriter w = new CanonicalWriter(1024);
        w.string("stakechain/genesis");
        params.writeTo(w);
        w.u64(genesisTimeMillis);
        w.list(accounts, (o, a) -> o.string(a.name()).address(a.address()).u64(a.balance()));
        w.list(validators, (o, v) -> o.string(v.name()).publicKey(v.publicKey()).u64(v.stake()));
        return Hash.of(w.toByteArray());
    }

    /** The accounts and chain state at height 0. */
    public StateChanges initialChanges() {
        Map<Address, Account> state = new LinkedHashMap<>();
        for (GenesisAccount a : accounts) {
            state.merge(a.address(), Account.funded(a.balance()), (x, y) -> x.credit(y.balance()));
        }
        List<Validator> active = new ArrayList<>();
        List<PublicKey> registry = new ArrayList<>();
        for (GenesisValidator v : validators) {
            Account a = state.getOrDefault(v.publicKey().address(), Account.EMPTY);
            state.put(v.publicKey().address(), a.withStake(a.balance(), Math.addExact(a.staked(), v.stake())).registered());
            active.add(new Validator(v.publicKey(), v.stake()));
            registry.add(v.publicKey());
        }
        registry.sort(java.util.Comparator.comparing(PublicKey::address));
        long supply = 0;
        for (Account a : state.values()) {
            supply = Math.addExact(supply, a.holdings());
        }
        Hash genesisHash = hash();
        Hash seed = Hash.of("stakechain/genesis-beacon".getBytes(java.nio.charset.StandardCharsets.US_ASCII), genesisHash.bytes());
        ValidatorSet set = ValidatorSet.of(active);
        ChainState chain = new ChainState(0, genesisHash, genesisTimeMillis, seed, seed, seed, set, set, registry,
                supply, 0, 0);
        MemoryLedgerState empty = MemoryLedgerState.empty(chain);
        org.stakechain.ledger.state.TreeUpdate root = StateCommitment.update(empty, state, Set.of(), chain);
        return new StateChanges(state, Set.of(), chain, root.root(), root.newNodes(), root.staleNodes());
    }

    /** The state at height 0, in memory. */
    public MemoryLedgerState initialState() {
        StateChanges changes = initialChanges();
        return MemoryLedgerState.empty(changes.chain()).apply(changes);
    }

    public static Genesis fromJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("genesis must be a JSON object");
            }
            String chainId = text(root, "chainId");
            JsonNode p = root.path("params");
            ChainParams d = ChainParams.defaults(chainId);
            ChainParams params = new ChainParams(chainId,
                    p.path("slotMillis").asLong(d.slotMillis()),
                    p.path("finalityThresholdBps").asInt(d.finalityThresholdBps()),
                    coins(p, "minimumStake", d.minimumStake()),
                    coins(p, "validatorFee", d.validatorFee()),
                    coins(p, "minimumFee", d.minimumFee()),
                    coins(p, "blockReward", d.blockReward()),
                    p.path("attestorRewardBps").asInt(d.attestorRewardBps()),
                    p.path("unbondingPeriod").asLong(d.unbondingPeriod()),
                    p.path("epochLength").asLong(d.epochLength()),
                    p.path("slashFractionBps").asInt(d.slashFractionBps()),
                    p.path("finderFeeBps").asInt(d.finderFeeBps()),
                    p.path("evidenceMaxAge").asLong(d.evidenceMaxAge()),
                    p.path("maxBlockTransactions").asInt(d.maxBlockTransactions()),
                    p.path("maxBlockBytes").asInt(d.maxBlockBytes()));
            long time = root.path("genesisTimeMillis").asLong(0);
            List<GenesisAccount> accounts = new ArrayList<>();
            for (JsonNode a : root.path("accounts")) {
                accounts.add(new GenesisAccount(a.path("name").asText(""), Address.parse(text(a, "address")),
                        Coins.parse(text(a, "balance"))));
            }
            List<GenesisValidator> validators = new ArrayList<>();
            for (JsonNode v : root.path("validators")) {
                validators.add(new GenesisValidator(v.path("name").asText(""), PublicKey.parse(text(v, "publicKey")),
                        Coins.parse(text(v, "stake"))));
            }
            return new Genesis(params, time, accounts, validators);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("genesis is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("chainId", params.chainId());
        root.put("genesisTimeMillis", genesisTimeMillis);
        ObjectNode p = root.putObject("params");
        p.put("slotMillis", params.slotMillis());
        p.put("finalityThresholdBps", params.finalityThresholdBps());
        p.put("minimumStake", Coins.format(params.minimumStake()));
        p.put("validatorFee", Coins.format(params.validatorFee()));
        p.put("minimumFee", Coins.format(params.minimumFee()));
        p.put("blockReward", Coins.format(params.blockReward()));
        p.put("attestorRewardBps", params.attestorRewardBps());
        p.put("unbondingPeriod", params.unbondingPeriod());
        p.put("epochLength", params.epochLength());
        p.put("slashFractionBps", params.slashFractionBps());
        p.put("finderFeeBps", params.finderFeeBps());
        p.put("evidenceMaxAge", params.evidenceMaxAge());
        p.put("maxBlockTransactions", params.maxBlockTransactions());
        p.put("maxBlockBytes", params.maxBlockBytes());
        ArrayNode accs = root.putArray("accounts");
        for (GenesisAccount a : accounts) {
            accs.addObject().put("name", a.name()).put("address", a.address().text()).put("balance", Coins.format(a.balance()));
        }
        ArrayNode vals = root.putArray("validators");
        for (GenesisValidator v : validators) {
            vals.addObject().put("name", v.name()).put("publicKey", v.publicKey().hex()).put("stake", Coins.format(v.stake()));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new IllegalArgumentException("genesis: missing field \"" + field + "\"");
        }
        return v.asText();
    }

    private static long coins(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : Coins.parse(v.asText());
    }
}
