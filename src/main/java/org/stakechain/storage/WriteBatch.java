package org.stakechain.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Puts and deletes to apply atomically, in order: a later operation on the same key wins. */
public final class WriteBatch {

    /** One operation; {@code value == null} is a delete. */
    public record Operation(Column column, byte[] key, byte[] value) {
        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Operation> operations = new ArrayList<>();
    private long bytes;

    public WriteBatch put(Column column, byte[] key, byte[] value) {
        operations.add(new Operation(Objects.requireNonNull(column), key.clone(), value.clone()));
        bytes += key.length + value.length;
        return this;
    }

    /**
     * As {@link #put}, without copying: for arrays the caller has just made and hands over (a block's encoding,
     * an account's), so a block's commit does not copy its data twice before the store copies it once more.
     */
    WriteBatch putFresh(Column column, byte[] key, byte[] value) {
        operations.add(new Operation(Objects.requireNonNull(column), key, Objects.requireNonNull(value)));
        bytes += key.length + value.length;
        return this;
    }

    public WriteBatch delete(Column column, byte[] key) {
        operations.add(new Operation(Objects.requireNonNull(column), key.clone(), null));
        bytes += key.length;
        return this;
    }

    public List<Operation> operations() {
        return Collections.unmodifiableList(operations);
    }

    /** The i-th operation (in order), without going through the list view. */
    public Operation operation(int i) {
        return operations.get(i);
    }

    public int size() {
        return operations.size();
    }

    /** Sum of key and value lengths: what the batch costs the write-ahead log, roughly. */
    public long byteSize() {
        return bytes;
    }
}
