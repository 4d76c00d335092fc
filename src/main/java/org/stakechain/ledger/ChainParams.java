package org.stakechain.ledger;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;

/**
 * The rules of one chain, fixed in genesis. Amounts are in base units; fractions in basis points (1/10,000).
 *
 * @param chainId             names the chain; part of every signed payload, so nothing replays across chains
 * @param slotMillis          the target time between blocks; consensus timeouts are derived from it
 * @param finalityThresholdBps share of active stake whose confirmations make a block final: 7500 = 75%
 * @param minimumStake        stake an account needs to be an active validator (the notebook's 100)
 * @param validatorFee        burned when an account registers as a validator (the seed's VALIDATOR_FEE)
 * @param minimumFee          the smallest fee a transaction may pay
 * @param blockReward         minted for each final block
 * @param attestorRewardBps   share of the block reward paid to the attestors whose confirmations certify the block
 * @param unbondingPeriod     blocks an unstaked amount stays slashable before it is spendable again
 * @param epochLength         blocks per epoch; validator-set changes take effect at epoch boundaries
 * @param slashFractionBps    share of an equivocating validator's stake (bonded and unbonding) that is slashed
 * @param finderFeeBps        share of the slashed amount paid to whoever submitted the evidence; the rest is burned
 * @param evidenceMaxAge      evidence older than this many blocks is stale and rejected
 * @param maxBlockTransactions upper bound on transactions in one block
 * @param maxBlockBytes       upper bound on the encoded size of one block
 */
public record ChainParams(
        String chainId,
        long slotMillis,
        int finalityThresholdBps,
        long minimumStake,
        long validatorFee,
        long minimumFee,
        long blockReward,
        int attestorRewardBps,
        long unbondingPeriod,
        long epochLength,
        int slashFractionBps,
        int finderFeeBps,
        long evidenceMaxAge,
        int maxBlockTransactions,
        int maxBlockBytes) {

    public static final int BPS = 10_000;
    public static final int MAX_CHAIN_ID_BYTES = 64;

    public ChainParams {
        if (chainId == null || chainId.isEmpty() || chainId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_CHAIN_ID_BYTES
                || !chainId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("chain id: 1-64 characters of A-Z a-z 0-9 . _ -, got \"" + chainId + "\"");
        }
        requirePositive(slotMillis, "slotMillis");
        if (finalityThresholdBps < 6_667 || finalityThresholdBps > BPS) {
            // below two thirds two conflicting quorums could both be honest-looking: no safety
            throw new IllegalArgumentException("finalityThresholdBps must be in [6667, 10000], got " + finalityThresholdBps);
        }
        requirePositive(minimumStake, "minimumStake");
        requireNonNegative(validatorFee, "validatorFee");
        requireNonNegative(minimumFee, "minimumFee");
        requireNonNegative(blockReward, "blockReward");
        requireBps(attestorRewardBps, "attestorRewardBps");
        requireNonNegative(unbondingPeriod, "unbondingPeriod");
        requirePositive(epochLength, "epochLength");
        requireBps(slashFractionBps, "slashFractionBps");
        requireBps(finderFeeBps, "finderFeeBps");
        requirePositive(evidenceMaxAge, "evidenceMaxAge");
        if (evidenceMaxAge > epochLength) {
            // evidence is checked against the validator sets the state still holds: this epoch's and the last
            throw new IllegalArgumentException("evidenceMaxAge must not exceed epochLength");
        }
        requirePositive(maxBlockTransactions, "maxBlockTransactions");
        requirePositive(maxBlockBytes, "maxBlockBytes");
    }

    /** Defaults for a local network: 1 s slots, 75%, the notebook's minimum of 100 coins. */
    public static ChainParams defaults(String chainId) {
        return new ChainParams(chainId, 1_000, 7_500, Coins.of(100), Coins.of(10), 1_000, Coins.of(2),
                2_500, 20, 20, 5_000, 1_000, 20, 5_000, 4 << 20);
    }

    public ChainParams withSlotMillis(long millis) {
        return new ChainParams(chainId, millis, finalityThresholdBps, minimumStake, validatorFee, minimumFee,
                blockReward, attestorRewardBps, unbondingPeriod, epochLength, slashFractionBps, finderFeeBps,
                evidenceMaxAge, maxBlockTransactions, maxBlockBytes);
    }

    /** Another epoch length; evidence age is capped to it (the state only knows the last two epochs' sets). */
    public ChainParams withEpochLength(long blocks) {
        return new ChainParams(chainId, slotMillis, finalityThresholdBps, minimumStake, validatorFee, minimumFee,
                blockReward, attestorRewardBps, unbondingPeriod, blocks, slashFractionBps, finderFeeBps,
                Math.min(evidenceMaxAge, blocks), maxBlockTransactions, maxBlockBytes);
    }

    /** The one quorum rule: {@code signed / total >= threshold}, in exact integer arithmetic. */
    public boolean isQuorum(long signedStake, long totalStake) {
        if (totalStake <= 0) {
            return false;
        }
        // signed * 10000 >= total * bps, compared in 128 bits so no stake total can overflow it
        return compare128(signedStake, BPS, totalStake, finalityThresholdBps) >= 0;
    }

    static int compare128(long a, long b, long c, long d) {
        long hi1 = Math.multiplyHigh(a, b);
        long lo1 = a * b;
        long hi2 = Math.multiplyHigh(c, d);
        long lo2 = c * d;
        if (hi1 != hi2) {
            return Long.compare(hi1, hi2);
        }
        return Long.compareUnsigned(lo1, lo2);
    }

    /** {@code amount * bps / 10000}, rounded down, without overflow. */
    public static long share(long amount, int bps) {
        if (amount <= Long.MAX_VALUE / BPS) {
            return amount * bps / BPS;
        }
        return java.math.BigInteger.valueOf(amount).multiply(java.math.BigInteger.valueOf(bps))
                .divide(java.math.BigInteger.valueOf(BPS)).longValueExact();
    }

    public long epochOf(long height) {
        return height == 0 ? 0 : (height - 1) / epochLength;
    }

    /** The last height of an epoch is where the next epoch's validator set and lottery seed are fixed. */
    public boolean isEpochEnd(long height) {
        return height > 0 && height % epochLength == 0;
    }

    public void writeTo(CanonicalWriter out) {
        out.string(chainId).u64(slotMillis).u32(finalityThresholdBps).u64(minimumStake).u64(validatorFee)
                .u64(minimumFee).u64(blockReward).u32(attestorRewardBps).u64(unbondingPeriod).u64(epochLength)
                .u32(slashFractionBps).u32(finderFeeBps).u64(evidenceMaxAge).u32(maxBlockTransactions)
                .u32(maxBlockBytes);
    }

    public static ChainParams readFrom(CanonicalReader in) {
        String chainId = in.string(MAX_CHAIN_ID_BYTES, "chainId");
        try {
            return read(chainId, in);
        } catch (IllegalArgumentException e) {
            // stored bytes that decode to impossible params are a damaged encoding, reported like any other
            throw new CodecException("chain params: " + e.getMessage());
        }
    }

    private static ChainParams read(String chainId, CanonicalReader in) {
        return new ChainParams(chainId, in.u64("slotMillis"),
                (int) in.u32("finalityThresholdBps"), in.u64("minimumStake"), in.u64("validatorFee"),
                in.u64("minimumFee"), in.u64("blockReward"), (int) in.u32("attestorRewardBps"),
                in.u64("unbondingPeriod"), in.u64("epochLength"), (int) in.u32("slashFractionBps"),
                (int) in.u32("finderFeeBps"), in.u64("evidenceMaxAge"), (int) in.u32("maxBlockTransactions"),
                (int) in.u32("maxBlockBytes"));
    }

    private static void requirePositive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    private static void requireNonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + v);
        }
    }

    private static void requireBps(int v, String name) {
        if (v < 0 || v > BPS) {
            throw new IllegalArgumentException(name + " must be in [0, 10000] basis points, got " + v);
        }
    }
}
