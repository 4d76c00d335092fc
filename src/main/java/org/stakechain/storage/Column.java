package org.stakechain.storage;

/**
 * The named key spaces of the store: one RocksDB column family each. The layout (keys and values of each) is in
 * docs/storage.md; {@link ChainStore} and {@link DurableSlashingProtection} are the only writers.
 */
public enum Column {
    /** u64 height -> canonical block encoding. */
    BLOCKS,
    /** block hash -> u64 height. */
    BLOCK_BY_HASH,
    /** u64 height -> canonical commit certificate (the one this node stored with the block). */
    CERTIFICATES,
    /** transaction hash -> u64 height, u32 index, bool failed, [failure reason]. */
    TX_INDEX,
    /** 20-byte address -> canonical account encoding (absent = empty account). */
    ACCOUNTS,
    /** evidence id -> u64 height of the block that used it. */
    EVIDENCE,
    /**
     * Unused since format 2 (the state tree is rebuilt in memory on open): format 1 kept the tree nodes here, and
     * opening such a store empties it. Kept so RocksDB opens every existing store's column families.
     */
    TREE_NODES,
    /** ASCII names -> format version, genesis hash, head pointer, chain state. */
    META,
    /** signed kind -> the validator's slashing-protection high-water mark. */
    PROTECTION;

    /** The RocksDB column family name. */
    public String familyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
