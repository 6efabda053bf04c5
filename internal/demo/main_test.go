package demo

import (
	"testing"

	"github.com/portail-clts/clts/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
