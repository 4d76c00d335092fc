package org.stakechain.ledger.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * The chain-wide part of the state, committed in the state root beside the accounts.
 *
 * @param height             the last applied block (0 = genesis)
 * @param lastBlockHash      its hash (the genesis hash at height 0)
 * @param lastTimestampMillis its timestamp
 * @param beacon             the random beacon: a hash chain of every forger's reveal
 * @param lotterySeed        the beacon value the forger lottery of the current epoch draws from: fixed at the end
 *                           of the epoch before last, so no forger of this epoch could steer it
 * @param nextLotterySeed    the beacon value at the end of the last epoch; the next epoch's lottery seed
 * @param validators         the active set of the current epoch (who forges, attests and confirms blocks now)
 * @param previousValidators the active set of the previous epoch (signed the certificate of its last block)
 * @param registry           every key that registered as a validator, in address order; the pool each epoch's
 *                           set is drawn from (active = registered, stake >= minimum, not jailed)
 * @param genesisSupply      all units in existence at genesis
 * @param minted             units created since (block rewards)
 * @param burned             units destroyed since (validator fees, slashing)
 */
public record ChainState(long height, Hash lastBlockHash, long lastTimestampMillis, Hash beacon, Hash lotterySeed,
                         Hash nextLotterySeed, ValidatorSet validators, ValidatorSet previousValidators,
                         List<PublicKey> registry, long genesisSupply, long minted, long burned) {

    public static final int MAX_REGISTRY = ValidatorSet.MAX_VALIDATORS;

    public ChainState {
        registry = List.copyOf(registry);
    }

    /** Units that must exist in accounts now: the supply invariant every block preserves. */
    public long expectedHoldings() {
        return Math.subtractExact(Math.addExact(genesisSupply, minted), burned);
    }

    /** The set whose confirmations certify the block at {@code height} (this epoch's or the last one's). */
    public ValidatorSet validatorsAt(ChainParams params, long blockHeight) {
        long currentEpoch = params.epochOf(height + 1);
        long epoch = params.epochOf(blockHeight);
        if (epoch == currentEpoch) {
            return validators;
        }
        if (epoch == currentEpoch - 1) {
            return previousValidators;
        }
        throw new IllegalArgumentException("height " + blockHeight + " is outside the last two epochs");
    }

    public boolean knowsValidatorsAt(ChainParams params, long blockHeight) {
        long currentEpoch = params.epochOf(height + 1);
        long epoch = params.epochOf(blockHeight);
        return blockHeight >= 1 && (epoch == currentEpoch || epoch == currentEpoch - 1);
    }

    public boolean isRegistered(PublicKey key) {
        return registry.contains(key);
    }

    public ChainState withRegistered(PublicKey key) {
        List<PublicKey> next = new ArrayList<>(registry);
        next.add(key);
        next.sort(Comparator.comparing(PublicKey::address));
        return new ChainState(height, lastBlockHash, lastTimestampMillis, beacon, lotterySeed, nextLotterySeed,
                validators, previousValidators, next, genesisSupply, minted, burned);
    }

    public ChainState withSupply(long newMinted, long newBurned) {
        return new ChainState(height, lastBlockHash, lastTimestampMillis, beacon, lotterySeed, nextLotterySeed,
                validators, previousValidators, registry, genesisSupply, newMinted, newBurned);
    }

    public ChainState withBlock(long newHeight, Hash blockHash, long timestamp, Hash newBeacon) {
        return new ChainState(newHeight, blockHash, timestamp, newBeacon, lotterySeed, nextLotterySeed,
                validators, previousValidators, registry, genesisSupply, minted, burned);
    }

    /** Epoch boundary: the snapshot becomes the active set; the lottery seeds move one epoch along. */
    public ChainState withNextEpoch(ValidatorSet next) {
        return new ChainState(height, lastBlockHash, lastTimestampMillis, beacon, nextLotterySeed, beacon,
                next, validators, registry, genesisSupply, minted, burned);
    }

    public void writeTo(CanonicalWriter out) {
        out.u64(height).hash(lastBlockHash).u64(lastTimestampMillis).hash(beacon).hash(lotterySeed)
                .hash(nextLotterySeed);
        validators.writeTo(out);
        previousValidators.writeTo(out);
        out.list(registry, CanonicalWriter::publicKey).u64(genesisSupply).u64(minted).u64(burned);
    }

    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(1024);
        writeTo(w);
        return w.toByteArray();
    }

    /**
     * What the state root commits to: everything but {@code lastBlockHash}, which is the hash of the header that
     * carries this root (a circle); the next header binds it through its previous hash instead.
     */
    public byte[] commitmentBytes() {
        return new ChainState(height, Hash.ZERO, lastTimestampMillis, beacon, lotterySeed, nextLotterySeed,
                validators, previousValidators, registry, genesisSupply, minted, burned).encode();
    }

    public static ChainState readFrom(CanonicalReader in) {
        long height = in.u64("height");
        Hash last = in.hash("last block hash");
        long ts = in.u64("last timestamp");
        Hash beacon = in.hash("beacon");
        Hash seed = in.hash("lottery seed");
        Hash nextSeed = in.hash("next lottery seed");
        ValidatorSet validators = ValidatorSet.readFrom(in);
        ValidatorSet previous = ValidatorSet.readFrom(in);
        List<PublicKey> registry = in.list(MAX_REGISTRY, "registry", r -> r.publicKey("registered key"));
        for (int i = 1; i < registry.size(); i++) {
            if (registry.get(i - 1).address().compareTo(registry.get(i).address()) >= 0) {
                throw new CodecException("registry not in address order");
            }
        }
        return new ChainState(height, last, ts, beacon, seed, nextSeed, validators, previous, registry,
                in.u64("genesis supply"), in.u64("minted"), in.u64("burned"));
    }

    public static ChainState decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, ChainState::readFrom);
    }
}
