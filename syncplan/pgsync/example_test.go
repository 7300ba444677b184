package pgsync_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log"
	"net/http"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/syncplan"
	"github.com/acctkit/acctkit/syncplan/pgsync"
)

// A sync handler: decode, then plan and apply in one transaction, and
// answer with the seed's {created, updated, deleted}. A service with
// idempotency completes its record in BeforeCommit (pgstore's CompleteTx).
func Example() {
	db, err := sql.Open("pgx", "postgres://localhost/app")
	if err != nil {
		log.Fatal(err)
	}
	store, err := pgsync.New(db, pgsync.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Migrate(context.Background()); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("POST /clients/{clientId}/bank-accounts/sync", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var req artu.SyncRequest
		if err := account.Decode(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		plan, err := store.Sync(r.Context(), r.PathValue("clientId"), req, pgsync.SyncOptions{
			BeforeCommit: func(ctx context.Context, tx *sql.Tx, plan *syncplan.Plan) error {
				return nil // complete the idempotency record here
			},
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		json.NewEncoder(w).Encode(plan.Response())
	})
}
