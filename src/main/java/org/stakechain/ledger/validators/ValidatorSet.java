package org.stakechain.ledger.validators;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.PublicKey;

/**
 * The validators active for one epoch, in canonical order (by address), with their stake.
 * Every node derives the same set from the same state, so all agree who may forge and attest.
 */
public final class ValidatorSet {
    public static final int MAX_VALIDATORS = 1_000;

    private final List<Validator> validators;
    private final Map<PublicKey, Integer> indexByKey;
    private final long totalStake;

    private ValidatorSet(List<Validator> validators) {
        this.validators = List.copyOf(validators);
        this.indexByKey = new HashMap<>();
        long total = 0;
        for (int i = 0; i < this.validators.size(); i++) {
            Validator v = this.validators.get(i);
            if (indexByKey.put(v.publicKey(), i) != null) {
                throw new IllegalArgumentException("validator listed twice: " + v.address());
            }
            total = Math.addExact(total, v.stake());
        }
        this.totalStake = total;
    }

    /** Any order in; canonical order (by address) out. */
    public static ValidatorSet of(List<Validator> validators) {
        if (validators.size() > MAX_VALIDATORS) {
            throw new IllegalArgumentException("at most " + MAX_VALIDATORS + " validators");
        }
        List<Validator> sorted = new ArrayList<>(validators);
        sorted.sort(Comparator.comparing(Validator::address));
        return new ValidatorSet(sorted);
    }

    public List<Validator> validators() {
        return validators;
    }

    public int size() {
        return validators.size();
    }

    public boolean isEmpty() {
        return validators.isEmpty();
    }

    public long totalStake() {
        return totalStake;
    }

    public boolean contains(PublicKey key) {
        return indexByKey.containsKey(key);
    }

    public Optional<Validator> find(PublicKey key) {
        Integer i = indexByKey.get(key);
        return i == null ? Optional.empty() : Optional.of(validators.get(i));
    }

    public Optional<Validator> find(Address address) {
        return validators.stream().filter(v -> v.address().equals(address)).findFirst();
    }

    /** Stake of {@code key}, 0 when it is not in the set. */
    public long stakeOf(PublicKey key) {
        Integer i = indexByKey.get(key);
        return i == null ? 0 : validators.get(i).stake();
    }

    public void writeTo(CanonicalWriter out) {
        out.list(validators, (w, v) -> w.publicKey(v.publicKey()).u64(v.stake()));
    }

    public static ValidatorSet readFrom(CanonicalReader in) {
        List<Validator> list;
        ValidatorSet set;
        try {
            list = in.list(MAX_VALIDATORS, "validators",
                    r -> new Validator(r.publicKey("validator key"), r.u64("validator stake")));
            set = of(list);
        } catch (IllegalArgumentException | ArithmeticException e) { // zero stake, a validator twice, stake overflow
            throw new org.stakechain.codec.CodecException("validators: " + e.getMessage());
        }
        if (!set.validators.equals(list)) {
            throw new org.stakechain.codec.CodecException("validators not in canonical (address) order");
        }
        return set;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidatorSet s && validators.equals(s.validators);
    }

    @Override
    public int hashCode() {
        return validators.hashCode();
    }

    @Override
    public String toString() {
        return "ValidatorSet" + validators;
    }
}
