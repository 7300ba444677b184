package idempotency

import (
	"context"
	"crypto/rand"
	"fmt"
	"hash/maphash"
	"sync"
	"time"
)

// MemoryOptions configures a [MemoryStore]. The zero value gives the
// defaults documented on each field.
type MemoryOptions struct {
	// MaxRecords bounds the number of records (in flight and completed)
	// the store holds; 0 means 1_000_000. It is split evenly across shards,
	// so one shard may refuse a key while others still have room.
	MaxRecords int

	// Shards is the number of independently locked parts; 0 means 64.
	Shards int

	// Now is the store's clock; nil means time.Now. Tests pass a fake clock.
	Now func() time.Time
}

// MemoryStore is the in-process [Store]: sharded, safe for concurrent use
// and bounded. Its records live only as long as the process, so it protects
// a single instance of a service; several instances need a shared store.
//
// When a shard is full, Claim first drops that shard's expired records; if
// every record is still live it returns an error wrapping [ErrStoreFull]
// rather than evict one (see there why). Expired records are otherwise
// dropped lazily or by [MemoryStore.RunJanitor].
type MemoryStore struct {
	shards   []memoryShard
	perShard int
	seed     maphash.Seed
	now      func() time.Time
}

type memoryShard struct {
	mu      sync.Mutex
	records map[Key]*memoryRecord
	// earliest is a lower bound on the expiry of every record in the
	// shard, so a full shard with nothing expired is refused without a scan.
	earliest time.Time
	_        [24]byte // keeps neighbouring shard locks off one cache line
}

type memoryRecord struct {
	fp        Fingerprint
	token     Token // zero once completed
	expires   time.Time
	completed bool
	resp      Response
}

// NewMemoryStore returns an empty store. Start its janitor beside it
// ([MemoryStore.RunJanitor]), as the package example does, so expired
// records do not hold memory until their shard fills up.
func NewMemoryStore(opts MemoryOptions) *MemoryStore {
	if opts.MaxRecords <= 0 {
		opts.MaxRecords = 1_000_000
	}
	if opts.Shards <= 0 {
		opts.Shards = 64
	}
	if opts.Shards > opts.MaxRecords {
		opts.Shards = opts.MaxRecords
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &MemoryStore{
		shards:   make([]memoryShard, opts.Shards),
		perShard: (opts.MaxRecords + opts.Shards - 1) / opts.Shards,
		seed:     maphash.MakeSeed(),
		now:      opts.Now,
	}
	for i := range s.shards {
		s.shards[i].records = make(map[Key]*memoryRecord)
	}
	return s
}

func (s *MemoryStore) shard(key Key) *memoryShard {
	return &s.shards[maphash.Comparable(s.seed, key)%uint64(len(s.shards))]
}

// Claim implements [Store.Claim].
func (s *MemoryStore) Claim(ctx context.Context, key Key, fp Fingerprint, lease time.Duration) (Claim, error) {
	if err := ctx.Err(); err != nil {
		return Claim{}, fmt.Errorf("idempotency: memory store claim: %w", err)
	}
	if lease <= 0 {
		return Claim{}, fmt.Errorf("idempotency: memory store claim: lease %v is not positive", lease)
	}
	var token Token
	rand.Read(token[:]) // never fails: crypto/rand aborts the process instead

	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	now := s.now()
	if rec, ok := sh.records[key]; ok && now.Before(rec.expires) {
		switch {
		case rec.fp != fp:
			return Claim{Status: Mismatch}, nil
		case rec.completed:
			resp := rec.resp.Clone()
			return Claim{Status: Completed, Response: &resp}, nil
		default:
			return Claim{Status: InProgress, LeaseRemaining: rec.expires.Sub(now)}, nil
		}
	} else if ok {
		delete(sh.records, key)
	}
	if len(sh.records) >= s.perShard {
		sh.sweep(now)
		if len(sh.records) >= s.perShard {
			return Claim{}, fmt.Errorf("idempotency: memory store claim: %d live records in shard: %w", len(sh.records), ErrStoreFull)
		}
	}
	expires := now.Add(lease)
	sh.records[key] = &memoryRecord{fp: fp, token: token, expires: expires}
	if len(sh.records) == 1 || expires.Before(sh.earliest) {
		sh.earliest = expires
	}
	return Claim{Status: Acquired, Token: token, LeaseRemaining: lease}, nil
}

// Complete implements [Store.Complete]. It stores its own copy of resp.
func (s *MemoryStore) Complete(ctx context.Context, key Key, token Token, resp Response, retention time.Duration) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("idempotency: memory store complete: %w", err)
	}
	if retention <= 0 {
		return fmt.Errorf("idempotency: memory store complete: retention %v is not positive", retention)
	}
	resp = resp.Clone()
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	now := s.now()
	rec, err := sh.held(key, token, now)
	if err != nil {
		return fmt.Errorf("idempotency: memory store complete: %w", err)
	}
	rec.completed = true
	rec.token = Token{}
	rec.resp = resp
	rec.expires = now.Add(retention)
	// A later expiry never lowers earliest, so the bound stays valid.
	return nil
}

// Release implements [Store.Release].
func (s *MemoryStore) Release(ctx context.Context, key Key, token Token) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("idempotency: memory store release: %w", err)
	}
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, err := sh.held(key, token, s.now()); err != nil {
		return fmt.Errorf("idempotency: memory store release: %w", err)
	}
	delete(sh.records, key)
	return nil
}

// held returns key's record if token holds an unexpired lease on it.
func (sh *memoryShard) held(key Key, token Token, now time.Time) (*memoryRecord, error) {
	rec, ok := sh.records[key]
	if !ok || rec.completed || rec.token != token || token.IsZero() || !now.Before(rec.expires) {
		return nil, ErrNotOwner
	}
	return rec, nil
}

// sweep drops the shard's expired records, returns how many, and
// recomputes the earliest expiry. The caller holds the lock.
func (sh *memoryShard) sweep(now time.Time) int {
	if len(sh.records) == 0 || now.Before(sh.earliest) {
		return 0
	}
	n := 0
	var earliest time.Time
	for k, rec := range sh.records {
		if !now.Before(rec.expires) {
			delete(sh.records, k)
			n++
		} else if earliest.IsZero() || rec.expires.Before(earliest) {
			earliest = rec.expires
		}
	}
	sh.earliest = earliest
	return n
}

// Sweep drops every expired record now and returns how many it dropped.
// Expired records already behave as absent; sweeping only frees memory.
func (s *MemoryStore) Sweep() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += sh.sweep(s.now())
		sh.mu.Unlock()
	}
	return n
}

// Len returns the number of records held, expired ones not yet swept
// included.
func (s *MemoryStore) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.records)
		sh.mu.Unlock()
	}
	return n
}

// RunJanitor calls [MemoryStore.Sweep] every interval until ctx is done,
// then returns ctx's error. Run it in its own goroutine:
//
//	go store.RunJanitor(ctx, time.Minute)
func (s *MemoryStore) RunJanitor(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		return fmt.Errorf("idempotency: memory store janitor: interval %v is not positive", interval)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			s.Sweep()
		}
	}
}
