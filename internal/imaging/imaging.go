// Package imaging checks the images people upload (institutions' logos) and
// re-encodes them, so that what the portal stores and serves is an image it
// has decoded itself: of bounded size in pixels, and without the metadata
// the original carried (EXIF, with a phone photo's GPS position, the camera,
// the date; comments; embedded thumbnails).
package imaging

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
)

// The reasons an upload is refused; the server words them for people.
var (
	// ErrFormat: the data is not a PNG or JPEG image.
	ErrFormat = errors.New("imaging: not a PNG or JPEG image")
	// ErrDimensions: the image declares more pixels than allowed.
	ErrDimensions = errors.New("imaging: image too large in pixels")
	// ErrBytes: the image, once re-encoded, is larger than allowed.
	ErrBytes = errors.New("imaging: re-encoded image too large")
)

// Limits bound an image.
type Limits struct {
	// MaxSide is the largest width and height, in pixels. It is checked on
	// the header, before any pixel is decoded: a small file may declare
	// 10,000 × 10,000 pixels, 400 MB once decoded.
	MaxSide int
	// MaxBytes is the largest re-encoded image.
	MaxBytes int
}

// Image is a decoded and re-encoded image.
type Image struct {
	Data          []byte
	ContentType   string // image/png or image/jpeg
	Width, Height int
}

// Clean reads data as a PNG or JPEG image, whatever its name says: it reads
// the dimensions from the header and refuses an image larger than
// l.MaxSide, then decodes it and encodes it again in the same format.
func Clean(data []byte, l Limits) (Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return Image{}, ErrFormat
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > l.MaxSide || cfg.Height > l.MaxSide {
		return Image{}, fmt.Errorf("%w: %d × %d", ErrDimensions, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Image{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	out := Image{Width: cfg.Width, Height: cfg.Height}
	var buf bytes.Buffer
	if format == "png" {
		out.ContentType = "image/png"
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, img); err != nil {
			return Image{}, fmt.Errorf("imaging: encode png: %w", err)
		}
	} else {
		out.ContentType = "image/jpeg"
		// Qualities are tried in turn until a photograph fits MaxBytes.
		for _, q := range []int{90, 80, 70} {
			buf.Reset()
			if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
				return Image{}, fmt.Errorf("imaging: encode jpeg: %w", err)
			}
			if buf.Len() <= l.MaxBytes {
				break
			}
		}
	}
	if buf.Len() > l.MaxBytes {
		return Image{}, ErrBytes
	}
	out.Data = buf.Bytes()
	return out, nil
}
