package server

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"github.com/portail-clts/clts/web/components"
)

// Attachments are received as a stream: each file part of the multipart
// body is copied to a temporary file while its size is counted (never the
// whole file in memory, and no transaction open during the network
// upload), its type is read from its first bytes, and only then, in the
// form's unit of work, is it copied into PostgreSQL.

// Limits of attachments: per file and for all the files of a practice.
// The README states them, and the form's hint.
const (
	maxAttachmentBytes         = 20 << 20
	maxPracticeAttachmentBytes = 50 << 20
	// maxFilesAtOnce bounds the files of one form.
	maxFilesAtOnce = 10
	// maxUploadTextBytes bounds all the text fields of a form that
	// receives files: well above the longest practice, well below the
	// body limit.
	maxUploadTextBytes = 2 << 20
	// maxUploadParts bounds the parts of such a form.
	maxUploadParts = 500
)

// uploadTimeout bounds a request that sends files, instead of
// REQUEST_TIMEOUT and the server's read and write timeouts: 60 MB on a
// line sending 1 Mbit/s take eight minutes.
const uploadTimeout = 10 * time.Minute

// extendDeadlines gives the connection of w d more to read the request and
// write the answer, beyond http.Server's ReadTimeout and WriteTimeout.
func extendDeadlines(w http.ResponseWriter, d time.Duration) {
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(d)
	_ = rc.SetReadDeadline(deadline)
	_ = rc.SetWriteDeadline(deadline)
}

// attachmentType is a file type accepted as an attachment: its MIME type
// and the extensions its name may end with, the first being the one given
// to a file whose name says otherwise.
type attachmentType struct {
	mime string
	exts []string
}

// attachmentTypes are the accepted types: PDF, images browsers show
// without running anything, office and OpenDocument files. HTML, SVG,
// scripts and executables are not among them, whatever their name says.
var attachmentTypes = []attachmentType{
	{"application/pdf", []string{".pdf"}},
	{"image/png", []string{".png"}},
	{"image/jpeg", []string{".jpg", ".jpeg"}},
	{"image/gif", []string{".gif"}},
	{"image/webp", []string{".webp"}},
	{"application/msword", []string{".doc"}},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}},
	{"application/vnd.ms-excel", []string{".xls"}},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}},
	{"application/vnd.ms-powerpoint", []string{".ppt"}},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation", []string{".pptx"}},
	{"application/vnd.oasis.opendocument.text", []string{".odt"}},
	{"application/vnd.oasis.opendocument.spreadsheet", []string{".ods"}},
	{"application/vnd.oasis.opendocument.presentation", []string{".odp"}},
}

// attachmentAccept is the file input's accept attribute: a help to pick
// files, never a check (the content decides).
func attachmentAccept() string {
	var exts []string
	for _, t := range attachmentTypes {
		exts = append(exts, t.exts...)
	}
	return strings.Join(exts, ",")
}

// acceptedType returns the accepted type with MIME type m, if any: the
// types stored are checked again when a file is served.
func acceptedType(m string) (attachmentType, bool) {
	for _, t := range attachmentTypes {
		if t.mime == m {
			return t, true
		}
	}
	return attachmentType{}, false
}

// detectAttachment decides the type of the content r begins with, among
// the accepted ones.
func detectAttachment(r io.Reader) (attachmentType, bool, error) {
	m, err := mimetype.DetectReader(r)
	if err != nil {
		return attachmentType{}, false, err
	}
	for _, t := range attachmentTypes {
		if m.Is(t.mime) {
			return t, true, nil
		}
	}
	return attachmentType{}, false, nil
}

// upload is a spooled file part of a form.
type upload struct {
	name        string // as stored: cleaned, with the extension of its type
	typed       string // the name as the browser sent it, for messages
	contentType string // decided from the content
	size        int64
	file        *os.File // the spooled content; nil when refused
	refused     string   // why the file is refused, in French; "" when accepted
}

// multipartUpload is a form that receives files, read as a stream.
type multipartUpload struct {
	values url.Values
	files  []*upload
	// cut: the body ended past its limit in a file part; the fields
	// before it are kept.
	cut bool
}

// Close removes the temporary files.
func (u *multipartUpload) Close() {
	for _, f := range u.files {
		if f.file != nil {
			_ = f.file.Close()
			_ = os.Remove(f.file.Name())
		}
	}
}

// accepted lists the files that may be stored.
func (u *multipartUpload) accepted() []*upload {
	var out []*upload
	for _, f := range u.files {
		if f.refused == "" {
			out = append(out, f)
		}
	}
	return out
}

// refusal is the French message of the refused files, for the file field;
// "" when none is.
func (u *multipartUpload) refusal() string {
	var msgs []string
	for _, f := range u.files {
		if f.refused != "" {
			msgs = append(msgs, f.refused)
		}
	}
	if len(msgs) == 0 {
		return ""
	}
	msg := strings.Join(msgs, " ")
	if len(u.accepted()) > 0 {
		msg += " Aucun fichier n'a été enregistré : choisissez de nouveau ceux à joindre."
	}
	return msg
}

// size is the total size of the accepted files.
func (u *multipartUpload) size() int64 {
	var n int64
	for _, f := range u.accepted() {
		n += f.size
	}
	return n
}

// readUpload reads r's multipart body part by part: text fields into
// values, each bounded; the file parts of fileField spooled to temporary
// files, each bounded by maxAttachmentBytes, their type decided from their
// content. A refused file is kept with its reason, so that the form comes
// back with its message and every other field as typed. A body that is not
// a multipart form, or whose text fields go beyond their bounds, is a
// bareStatus error (400 or 413). The caller closes the upload, which
// removes the temporary files.
func readUpload(r *http.Request, fileField string) (*multipartUpload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, bareStatus(http.StatusBadRequest)
	}
	u := &multipartUpload{values: url.Values{}}
	textBytes, parts, chosen := 0, 0, 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) && len(u.files) > 0 {
			// Past the limit between two files: those received are
			// kept with the text, and the form says what was lost.
			u.files = append(u.files, &upload{refused: "Les fichiers suivants n'ont pas été reçus : ensemble, ils dépassent la taille permise. Joignez-les en plusieurs fois."})
			u.cut = true
			break
		}
		if err != nil {
			u.Close()
			return nil, bodyError(err)
		}
		if parts++; parts > maxUploadParts {
			u.Close()
			return nil, bareStatus(http.StatusBadRequest)
		}
		name := part.FormName()
		if part.FileName() == "" && name != fileField {
			value, err := io.ReadAll(io.LimitReader(part, maxFormValueBytes+1))
			if err != nil {
				u.Close()
				return nil, bodyError(err)
			}
			if textBytes += len(value); len(value) > maxFormValueBytes || textBytes > maxUploadTextBytes {
				u.Close()
				return nil, bareStatus(http.StatusRequestEntityTooLarge)
			}
			u.values.Add(name, string(value))
			continue
		}
		if name != fileField {
			// A file where the form has none: not read, not kept.
			if _, err := io.Copy(io.Discard, part); err != nil {
				u.Close()
				return nil, bodyError(err)
			}
			continue
		}
		if part.FileName() == "" {
			// The file field left empty: browsers send an empty part.
			if _, err := io.Copy(io.Discard, part); err != nil {
				u.Close()
				return nil, bodyError(err)
			}
			continue
		}
		if chosen++; chosen > maxFilesAtOnce {
			_, _ = io.Copy(io.Discard, part)
			if chosen == maxFilesAtOnce+1 {
				u.files = append(u.files, &upload{typed: part.FileName(),
					refused: "Joignez " + strconv.Itoa(maxFilesAtOnce) + " fichiers au plus à la fois : les suivants n'ont pas été reçus."})
			}
			continue
		}
		f, err := spool(part)
		u.files = append(u.files, f)
		if err != nil {
			// The body went past its limit: what came before is kept,
			// and the file is refused as too large.
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				u.cut = true
				break
			}
			u.Close()
			// The temporary file could not be written (a full disk):
			// the portal's failure, not the request's.
			var disk *os.PathError
			if errors.As(err, &disk) {
				return nil, fmt.Errorf("server: spool upload: %w", err)
			}
			return nil, bodyError(err)
		}
	}
	if !validValues(u.values, maxFormValueBytes) {
		u.Close()
		return nil, bareStatus(http.StatusBadRequest)
	}
	return u, nil
}

// bodyError is the answer to a body that could not be read: 413 past the
// limit, 400 otherwise.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return bareStatus(http.StatusRequestEntityTooLarge)
	}
	return bareStatus(http.StatusBadRequest)
}

// spool copies a file part to a temporary file, counting its size, and
// decides its type from its first bytes. A file refused (empty, too
// large, of a type not accepted) has its reason and no temporary file.
// The error is the body's, when it could not be read.
func spool(part *multipart.Part) (*upload, error) {
	u := &upload{typed: part.FileName()}
	shown := "« " + displayName(u.typed) + " »"
	tmp, err := os.CreateTemp("", "clts-upload-*")
	if err != nil {
		return u, err
	}
	drop := func(reason string) {
		u.refused = reason
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	}
	n, err := io.Copy(tmp, io.LimitReader(part, maxAttachmentBytes+1))
	u.size = n
	if err != nil {
		drop(shown + " n'a pas été reçu entièrement : les fichiers envoyés ensemble dépassent la taille permise. Joignez-les en plusieurs fois.")
		return u, err
	}
	if n > maxAttachmentBytes {
		drop(shown + " dépasse " + components.FileSize(maxAttachmentBytes) + " : réduisez-le, ou joignez un extrait.")
		// The rest of the part is read and dropped, to reach the next.
		_, err := io.Copy(io.Discard, part)
		return u, err
	}
	if n == 0 {
		drop(shown + " est vide : choisissez un autre fichier.")
		return u, nil
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		drop(shown + " n'a pas pu être lu : réessayez.")
		return u, nil
	}
	t, ok, err := detectAttachment(tmp)
	if err != nil || !ok {
		drop(shown + " n'est pas d'un type accepté : joignez un PDF, une image (PNG, JPEG, GIF, WebP) " +
			"ou un document Word, Excel, PowerPoint ou OpenDocument. Le type est lu dans le contenu du fichier, pas dans son nom.")
		return u, nil
	}
	u.file, u.contentType, u.name = tmp, t.mime, attachmentName(u.typed, t)
	return u, nil
}

// displayName is a file name as a message may quote it: its last part,
// without control characters, at most 80 characters.
func displayName(name string) string {
	name = baseName(name)
	if utf8.RuneCountInString(name) > 80 {
		name = string([]rune(name)[:79]) + "…"
	}
	if name == "" {
		return "sans nom"
	}
	return name
}

// baseName is the last part of a file name as browsers send it (old ones
// send a whole Windows path), without control or direction-changing
// characters (which can make « fichier‮fdp.exe » read as
// « fichierexe.pdf »).
func baseName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	return strings.TrimSpace(name)
}

// maxFileName is the longest stored name, in characters (files.name).
const maxFileName = 255

// attachmentName is the stored name of a file of type t sent as typed: its
// last part, cleaned, ending with an extension of its type. A PDF sent as
// « rapport.exe » is stored as « rapport.pdf ».
func attachmentName(typed string, t attachmentType) string {
	name := baseName(typed)
	ext := path.Ext(name)
	stem, keep := name, t.exts[0]
	for _, e := range t.exts {
		if strings.EqualFold(ext, e) {
			stem, keep = strings.TrimSuffix(name, ext), ext
		}
	}
	if keep == t.exts[0] && !strings.EqualFold(ext, keep) && looksLikeExtension(ext) {
		stem = strings.TrimSuffix(name, ext)
	}
	stem = strings.Trim(stem, ". ")
	if stem == "" {
		stem = "piece-jointe"
	}
	return truncateName(stem, keep)
}

// looksLikeExtension reports whether ext (".exe", ".html") is a file
// extension rather than part of a name (« version 2.1 finale »).
func looksLikeExtension(ext string) bool {
	if len(ext) < 2 || len(ext) > 6 {
		return false
	}
	for _, r := range ext[1:] {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// truncateName joins stem and ext within maxFileName characters, cutting
// the stem.
func truncateName(stem, ext string) string {
	room := maxFileName - utf8.RuneCountInString(ext)
	if r := []rune(stem); len(r) > room {
		stem = string(r[:room])
	}
	return stem + ext
}

// attachmentDisposition is the Content-Disposition of a download: always
// an attachment, never shown in the page; the name in plain ASCII, quoted,
// for old clients, and whole in UTF-8 for the others (RFC 6266, RFC 5987).
func attachmentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == '/' {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes s as an RFC 5987 value: the attr-chars as
// they are, every other byte of its UTF-8 as %XX.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
