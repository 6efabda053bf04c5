# Portail CLTS — make targets. `make help` lists them.

GO          ?= go
VERSION     ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -X main.version=$(VERSION)
LISTEN_ADDR ?= 127.0.0.1:8080
export LISTEN_ADDR

# make bench: seconds of load per measure, connections and wrk threads.
# BENCH_PORTAL_BIN measures another build of clts on the same data (e.g. an
# older commit's, with BENCH_BARE_SQL=1666e9a for a portal built before the
# data-layer rewrite); BENCH_PROFILE=DIR adds CPU profiles of the portal;
# BENCH_PAGES=practice measures only the pages so named (printed, docs untouched).
BENCH_DURATION    ?= 10s
BENCH_CONNECTIONS ?= 50
BENCH_THREADS     ?= 2

# Go sources outside generated and local folders, for the format check.
GOFILES = $(shell find . -name '*.go' -not -path './.data/*' -not -path './node_modules/*')

BROWSER_DEPS = internal/browsertest/testdata/node_modules/.package-lock.json

.PHONY: help run build test test-go test-fast generate check-generate fmt check-fmt vet postgres-bin wrk-bin bench bench-ab browser-deps screenshots clean

help: ## liste les cibles
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

run: build postgres-bin ## démarre le portail sur une base locale avec les données de démonstration
	./bin/clts dev

build: generate ## compile bin/clts
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/clts ./cmd/clts

test: check-generate check-fmt vet postgres-bin browser-deps test-go ## tous les contrôles et tous les tests, navigateur compris

test-go: ## les tests Go seuls (go test -race)
	$(GO) test -race -count=1 -timeout 30m ./...

test-fast: postgres-bin ## les tests rapides, sans navigateur (go test -short)
	$(GO) test -short -count=1 ./...

# Each fuzz target of the sources (func FuzzX(f *testing.F) in a _test.go
# file) runs for FUZZTIME, one after the other; `make test` runs their seeds
# only. An input that fails is kept in the package's testdata/fuzz/FuzzX/.
FUZZTIME ?= 30s

.PHONY: fuzz
fuzz: ## lance chaque cible de fuzzing l'une après l'autre, FUZZTIME chacune (30s par défaut)
	@failed=""; \
	for file in $$(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' cmd internal web | sort); do \
		pkg=./$$(dirname $$file); \
		for name in $$(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\(f \*testing\.F\).*/\1/p' $$file); do \
			echo "== $$pkg $$name ($(FUZZTIME))"; \
			$(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) $$pkg || failed="$$failed $$pkg $$name;"; \
		done; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "Cibles en échec :$$failed l'entrée fautive est gardée dans testdata/fuzz du paquet (voir docs/development.md)."; exit 1; \
	fi

browser-deps: $(BROWSER_DEPS) ## installe axe-core et le vérificateur HTML Nu (npm, versions figées)

$(BROWSER_DEPS): internal/browsertest/testdata/package.json internal/browsertest/testdata/package-lock.json
	cd internal/browsertest/testdata && npm ci --no-audit --no-fund --loglevel=error

screenshots: postgres-bin browser-deps ## met à jour les captures d'écran de docs/screenshots
	CLTS_SCREENSHOTS=1 $(GO) test -count=1 -run TestScreenshots ./internal/browsertest/

generate: ## génère le Go des gabarits templ
	$(GO) tool templ generate

check-generate: ## échoue si templ generate modifie un fichier
	@sum() { find . -name '*_templ.go' -not -path './.data/*' | sort | xargs -r sha256sum; }; \
	before="$$(sum)"; \
	$(GO) tool templ generate >/dev/null 2>&1 || { $(GO) tool templ generate; exit 1; }; \
	if [ "$$before" != "$$(sum)" ]; then \
		echo "templ generate a modifié des fichiers générés : vérifiez-les et ajoutez-les au commit."; exit 1; \
	fi

fmt: ## met le code au format gofmt
	gofmt -w $(GOFILES)

check-fmt: ## échoue si un fichier n'est pas au format gofmt
	@out="$$(gofmt -l $(GOFILES))"; if [ -n "$$out" ]; then echo "Fichiers à formater (make fmt) :"; echo "$$out"; exit 1; fi

vet: ## go vet
	$(GO) vet ./...

postgres-bin: ## installe le serveur PostgreSQL s'il manque (root et apt), sinon dit quoi installer
	@if [ -z "$$DATABASE_URL" ] && ! command -v postgres >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installation du serveur PostgreSQL (paquet Debian postgresql)…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || exit 1; \
		else \
			echo "Serveur PostgreSQL introuvable : installez le paquet postgresql (sudo apt-get install postgresql) ou définissez DATABASE_URL."; exit 1; \
		fi; \
	fi

wrk-bin: ## installe le générateur de charge wrk s'il manque (root et apt), sinon dit quoi installer
	@if ! command -v wrk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installation de wrk (paquet Debian wrk)…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || exit 1; \
		else \
			echo "wrk introuvable : installez le paquet wrk (sudo apt-get install wrk)."; exit 1; \
		fi; \
	fi

bench: build postgres-bin wrk-bin ## mesure les pages du portail face à un gestionnaire nu, écrit docs/benchmarks.md
	$(GO) build -o bin/clts-bench ./cmd/clts-bench
	BENCH_DURATION=$(BENCH_DURATION) BENCH_CONNECTIONS=$(BENCH_CONNECTIONS) BENCH_THREADS=$(BENCH_THREADS) \
		BENCH_PORTAL_BIN="$(BENCH_PORTAL_BIN)" BENCH_BARE_SQL="$(BENCH_BARE_SQL)" BENCH_PROFILE="$(BENCH_PROFILE)" BENCH_PAGES="$(BENCH_PAGES)" \
		./bin/clts-bench run

bench-ab: build postgres-bin wrk-bin ## compare deux versions du portail, mesures entrelacées (BENCH_AB_BEFORE=binaire)
	$(GO) build -o bin/clts-bench ./cmd/clts-bench
	BENCH_DURATION=$(BENCH_DURATION) BENCH_CONNECTIONS=$(BENCH_CONNECTIONS) BENCH_THREADS=$(BENCH_THREADS) \
		BENCH_AB_BEFORE="$(BENCH_AB_BEFORE)" BENCH_AB_ROUNDS="$(BENCH_AB_ROUNDS)" BENCH_PAGES="$(BENCH_PAGES)" \
		./bin/clts-bench ab

clean: ## supprime le binaire (garde la base locale .data/)
	rm -rf bin
