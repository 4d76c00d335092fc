package org.stakechain.storage;

import java.util.Arrays;
import org.stakechain.crypto.Hex;

/** One entry of a scan. The arrays belong to the caller; the store keeps no reference to them. */
public record KeyValue(byte[] key, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KeyValue[" + Hex.encode(key) + " -> " + value.length + " bytes]";
    }
}
