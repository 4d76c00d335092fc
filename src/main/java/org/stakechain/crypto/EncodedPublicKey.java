package org.stakechain.crypto;

/** A public key that is only its X.509 encoding: what a provider needs to parse it into its own form. */
final class EncodedPublicKey implements java.security.PublicKey {
    private static final long serialVersionUID = 1L;
    private final String algorithm;
    private final byte[] encoded;

    EncodedPublicKey(String algorithm, byte[] encoded) {
        this.algorithm = algorithm;
        this.encoded = encoded;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "X.509";
    }

    @Override
    public byte[] getEncoded() {
        return encoded.clone();
    }
}
