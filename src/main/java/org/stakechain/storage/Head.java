package org.stakechain.storage;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Hash;

/**
 * The head pointer: the last final block the store holds (height 0 and the genesis hash before block 1) and the
 * state root after it. Written last-in-batch with the block it names, so it never points past what is stored.
 */
public record Head(long height, Hash blockHash, Hash stateRoot) {

    public byte[] encode() {
        return new CanonicalWriter(72).u64(height).hash(blockHash).hash(stateRoot).toByteArray();
    }

    public static Head decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes,
                in -> new Head(in.u64("head height"), in.hash("head block hash"), in.hash("head state root")));
    }
}
