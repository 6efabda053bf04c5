package clts

import (
	"errors"
	"fmt"
)

// Error codes, mapped to HTTP statuses in one place of the server.
const (
	ECONFLICT  = "conflict"  // already exists, or edited concurrently
	EINVALID   = "invalid"   // bad input; Fields says where
	ENOTFOUND  = "not_found" // missing, or not visible to this user
	EFORBIDDEN = "forbidden" // visible, but the action is not allowed
	EINTERNAL  = "internal"
)

// Error is a domain error with a code and a message safe to show a user.
type Error struct {
	Code    string
	Message string
	Fields  FieldErrors
}

func (e *Error) Error() string {
	return fmt.Sprintf("clts: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL when it is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// FieldErrors maps a form field to its French error message.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message.
func (fe FieldErrors) Add(field, msg string) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}

// Err returns nil when there is no error, else an EINVALID *Error.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Le formulaire contient des erreurs.", Fields: fe}
}
