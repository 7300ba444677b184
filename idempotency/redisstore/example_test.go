package redisstore_test

import (
	"fmt"
	"log"

	"github.com/redis/go-redis/v9"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/redisstore"
)

func ExampleStore_RedisKey() {
	// Neither NewClient nor New connects.
	client := redis.NewClient(&redis.Options{Addr: "redis.internal:6379"})
	defer client.Close()
	store, err := redisstore.New(client, redisstore.Options{Prefix: "payments:idem:"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(store.RedisKey(idempotency.Key{Scope: "tenant-42", Key: "8e0f3c1a"}))
	fmt.Println(store.RedisKey(idempotency.Key{Scope: "a:b", Key: "c"}))
	fmt.Println(store.RedisKey(idempotency.Key{Scope: "a", Key: "b:c"}))
	// Output:
	// payments:idem:9:tenant-42:8e0f3c1a
	// payments:idem:3:a:b:c
	// payments:idem:1:a:b:c
}
