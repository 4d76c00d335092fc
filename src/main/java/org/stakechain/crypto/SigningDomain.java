package org.stakechain.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What is signed is never the bare message: {@code "stakechain/v1" || len(chainId) || chainId || kind || body}.
 * A signature made for one chain or one kind of message is therefore useless as any other.
 */
public enum SigningDomain {
    TRANSACTION(1),
    PROPOSAL(2),
    ATTEST(3),
    CONFIRM(4),
    BEACON_REVEAL(5),
    PEER_HANDSHAKE(6);

    private static final byte[] TAG = "stakechain/v1".getBytes(StandardCharsets.US_ASCII);

    private final int code;

    SigningDomain(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exact bytes a signer signs for {@code body} under this domain on chain {@code chainId}. */
    public byte[] payload(String chainId, byte[] body) {
        return payload(chainId, body, 0, body.length);
    }

    /** {@link #payload(String, byte[])} of the {@code length} bytes of {@code source} from {@code offset}. */
    public byte[] payload(String chainId, byte[] source, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, source.length);
        byte[] chain = chainId.getBytes(StandardCharsets.UTF_8);
        if (chain.length > 255) {
            throw new IllegalArgumentException("chain id longer than 255 bytes");
        }
        byte[] out = new byte[TAG.length + 1 + chain.length + 1 + length];
        int at = 0;
        System.arraycopy(TAG, 0, out, at, TAG.length);
        at += TAG.length;
        out[at++] = (byte) chain.length;
        System.arraycopy(chain, 0, out, at, chain.length);
        at += chain.length;
        out[at++] = (byte) code;
        System.arraycopy(source, offset, out, at, length);
        return out;
    }
}
