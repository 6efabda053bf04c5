package main

import (
	"io"
	"log/slog"

	"github.com/portail-clts/clts/internal/config"
)

func envHelp() string { return config.Help() }

// newLogger returns the structured logger configured by LOG_LEVEL and LOG_FORMAT.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
