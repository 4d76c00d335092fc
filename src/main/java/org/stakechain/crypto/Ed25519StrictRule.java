package org.stakechain.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The encoding checks of stakechain's one Ed25519 rule, the rule of libsodium 1.0.18's
 * {@code crypto_sign_verify_detached}: S canonical (S &lt; L); A and R canonical encodings (y &lt; p);
 * neither A nor R one of the small-order encodings that libsodium's {@code ge25519_has_small_order}
 * lists (sign bit ignored, so the non-canonical "negative zero" forms count too).
 *
 * <p>Libraries disagree on exactly these inputs (see docs/crypto.md), so the checks run in our own
 * code before any library sees the signature; what is left for the library is the cofactorless
 * equation {@code [S]B = R + [k]A}, on which every cofactorless implementation agrees. The checks
 * compare 64-bit words and allocate nothing: they run on every signature a node sees.
 *
 * <p>libsodium does not test R for canonicity explicitly; it gets the same answer for free, because it
 * compares the canonical encoding of the recomputed R with the bytes it was given.
 */
public final class Ed25519StrictRule {
    /** Why a signature is refused before the equation is even tried. */
    public enum Violation {
        NON_CANONICAL_S("S is not below the group order L"),
        NON_CANONICAL_PUBLIC_KEY("the public key is not a canonical encoding (y >= p)"),
        SMALL_ORDER_PUBLIC_KEY("the public key is a point of small order"),
        NON_CANONICAL_R("R is not a canonical encoding (y >= p)"),
        SMALL_ORDER_R("R is a point of small order");

        private final String reason;

        Violation(String reason) {
            this.reason = reason;
        }

        /** A sentence a user can read. */
        public String reason() {
            return reason;
        }
    }

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_255_BITS = 0x7fffffffffffffffL;

    /** L = 2^252 + 27742317777372353535851937790883648493, as little-endian 64-bit words. */
    private static final long L0 = 0x5812631a5cf5d3edL;
    private static final long L1 = 0x14def9dea2f79cd6L;
    private static final long L2 = 0L;
    private static final long L3 = 0x1000000000000000L;

    /** p = 2^255 - 19: lowest word of p; the three upper words of p are all ones (top bit clear). */
    private static final long P0 = 0xffffffffffffffedL;

    /**
     * libsodium 1.0.18's blacklist, as little-endian words with the sign bit cleared: 0 (order 4),
     * 1 (order 1), the two order-8 points, p-1 (order 2), and p and p+1 (non-canonical 0 and 1).
     */
    private static final long[][] SMALL_ORDER = {
        words("0000000000000000000000000000000000000000000000000000000000000000"),
        words("0100000000000000000000000000000000000000000000000000000000000000"),
        words("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        words("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        words("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        words("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        words("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    };

    private Ed25519StrictRule() {
    }

    /** The first rule the pair breaks, in libsodium's order, or null when the equation decides. */
    public static Violation violation(PublicKey key, Signature signature) {
        return violation(key.raw(), signature.array(), signature.offset());
    }

    /** Whether a key can ever verify a signature under the rule: a canonical encoding, not of small order. */
    public static boolean acceptsPublicKey(PublicKey key) {
        byte[] a = key.raw();
        return isCanonicalPoint(a, 0) && !hasSmallOrder(a, 0);
    }

    static Violation violation(byte[] publicKey, byte[] signature) {
        return violation(publicKey, signature, 0);
    }

    /** The rule on the {@value Signature#LENGTH} bytes of {@code signature} from {@code offset}. */
    static Violation violation(byte[] publicKey, byte[] signature, int offset) {
        if (!isCanonicalScalar(signature, offset + 32)) {
            return Violation.NON_CANONICAL_S;
        }
        if (hasSmallOrder(signature, offset)) {
            return Violation.SMALL_ORDER_R;
        }
        if (!isCanonicalPoint(publicKey, 0)) {
            return Violation.NON_CANONICAL_PUBLIC_KEY;
        }
        if (hasSmallOrder(publicKey, 0)) {
            return Violation.SMALL_ORDER_PUBLIC_KEY;
        }
        if (!isCanonicalPoint(signature, offset)) {
            return Violation.NON_CANONICAL_R;
        }
        return null;
    }

    /** S &lt; L, comparing the most significant word first. */
    static boolean isCanonicalScalar(byte[] b, int offset) {
        long s3 = word(b, offset, 3);
        if (s3 != L3) {
            return Long.compareUnsigned(s3, L3) < 0;
        }
        long s2 = word(b, offset, 2);
        if (s2 != L2) {
            return Long.compareUnsigned(s2, L2) < 0;
        }
        long s1 = word(b, offset, 1);
        if (s1 != L1) {
            return Long.compareUnsigned(s1, L1) < 0;
        }
        return Long.compareUnsigned(word(b, offset, 0), L0) < 0;
    }

    /** y &lt; p, where y is the encoding without its sign bit; y >= p only when y is in [p, 2^255 - 1]. */
    static boolean isCanonicalPoint(byte[] b, int offset) {
        return (word(b, offset, 3) & LOW_255_BITS) != LOW_255_BITS
                || word(b, offset, 2) != -1L
                || word(b, offset, 1) != -1L
                || Long.compareUnsigned(word(b, offset, 0), P0) < 0;
    }

    static boolean hasSmallOrder(byte[] b, int offset) {
        long w0 = word(b, offset, 0);
        long w1 = word(b, offset, 1);
        long w2 = word(b, offset, 2);
        long w3 = word(b, offset, 3) & LOW_255_BITS;
        for (long[] bad : SMALL_ORDER) {
            if (w0 == bad[0] && w1 == bad[1] && w2 == bad[2] && w3 == bad[3]) {
                return true;
            }
        }
        return false;
    }

    private static long word(byte[] b, int offset, int index) {
        return (long) LE_LONG.get(b, offset + 8 * index);
    }

    private static long[] words(String hex) {
        byte[] b = Hex.decode(hex);
        return new long[] {word(b, 0, 0), word(b, 0, 1), word(b, 0, 2), word(b, 0, 3)};
    }
}
