package org.stakechain.storage;

/**
 * The store cannot do what was asked: its directory is in use or damaged, a record does not decode, or the disk
 * refused a write. The message says which store and what to do; a node that gets one on start refuses to start.
 */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
