package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

var limits = Limits{MaxSide: 2000, MaxBytes: 300 << 10}

// testImage is a small image with some colours.
func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngDeclaring returns a small valid PNG whose header declares w × h
// pixels: its IHDR is rewritten, with a correct checksum.
func pngDeclaring(t testing.TB, w, h uint32) []byte {
	t.Helper()
	data := encodePNG(t, testImage(4, 4))
	// signature (8), IHDR length (4), "IHDR" (4), width, height, …
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// exifGPS is an APP1 segment holding an EXIF block with a GPS position,
// as phones write it.
func exifGPS() []byte {
	// TIFF, big endian: IFD0 with one entry, GPSInfo (0x8825) → the GPS IFD
	// with GPSLatitudeRef "N" and GPSLatitude 47/1 23/1 42/1.
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = append(tiff, 0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0)
	tiff = append(tiff, 0, 2,
		0, 1, 0, 2, 0, 0, 0, 2, 'N', 0, 0, 0,
		0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56,
		0, 0, 0, 0)
	tiff = append(tiff, 0, 0, 0, 47, 0, 0, 0, 1, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 42, 0, 0, 0, 1)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// jpegWithEXIF is a JPEG photograph carrying a GPS position.
func jpegWithEXIF(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(16, 16), nil); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	out := append([]byte{}, data[:2]...) // SOI
	out = append(out, exifGPS()...)
	return append(out, data[2:]...)
}

func TestCleanRefusesLargeDimensionsBeforeDecoding(t *testing.T) {
	data := pngDeclaring(t, 10_000, 10_000)
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 10_000 {
		t.Fatalf("test PNG: %v %+v", err, cfg)
	}
	if _, err := Clean(data, limits); !errors.Is(err, ErrDimensions) {
		t.Errorf("10,000 × 10,000 PNG: %v, want ErrDimensions", err)
	}
	if _, err := Clean(pngDeclaring(t, 2001, 10), limits); !errors.Is(err, ErrDimensions) {
		t.Errorf("2001 pixels wide: %v, want ErrDimensions", err)
	}
}

func TestCleanDropsEXIF(t *testing.T) {
	data := jpegWithEXIF(t)
	if !bytes.Contains(data, []byte("Exif\x00\x00")) {
		t.Fatal("the test JPEG carries no EXIF")
	}
	img, err := Clean(data, limits)
	if err != nil {
		t.Fatal(err)
	}
	if img.ContentType != "image/jpeg" || img.Width != 16 || img.Height != 16 {
		t.Errorf("got %s %d × %d", img.ContentType, img.Width, img.Height)
	}
	if bytes.Contains(img.Data, []byte("Exif")) || bytes.Contains(img.Data, []byte("MM\x00\x2a")) {
		t.Error("the cleaned JPEG still carries EXIF")
	}
	if _, err := jpeg.Decode(bytes.NewReader(img.Data)); err != nil {
		t.Errorf("the cleaned JPEG does not decode: %v", err)
	}
}

func TestCleanPNG(t *testing.T) {
	// A text chunk (tEXt) is metadata too: it does not survive.
	data := encodePNG(t, testImage(8, 8))
	text := []byte("tEXtComment\x00GPS 47.39 N")
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(text)-4))
	chunk = append(chunk, text...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(text))
	withText := append(append(append([]byte{}, data[:33]...), chunk...), data[33:]...)
	if _, err := png.Decode(bytes.NewReader(withText)); err != nil {
		t.Fatalf("test PNG: %v", err)
	}
	img, err := Clean(withText, limits)
	if err != nil {
		t.Fatal(err)
	}
	if img.ContentType != "image/png" || bytes.Contains(img.Data, []byte("tEXt")) {
		t.Errorf("got %s, text chunk kept: %v", img.ContentType, bytes.Contains(img.Data, []byte("tEXt")))
	}
}

func TestCleanRefusesOthers(t *testing.T) {
	truncated := encodePNG(t, testImage(8, 8))
	truncated = truncated[:len(truncated)-20]
	for name, data := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"),
		"gif":       []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"truncated": truncated,
		"zero":      pngDeclaring(t, 0, 0),
	} {
		if _, err := Clean(data, limits); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if _, err := Clean(encodePNG(t, testImage(8, 8)), Limits{MaxSide: 2000, MaxBytes: 10}); !errors.Is(err, ErrBytes) {
		t.Errorf("over MaxBytes: %v", err)
	}
}

// FuzzClean: no upload makes Clean panic, and whatever it accepts is a
// decodable image within the limits.
func FuzzClean(f *testing.F) {
	f.Add(encodePNG(f, testImage(4, 4)))
	f.Add(jpegWithEXIF(f))
	f.Add(pngDeclaring(f, 10_000, 10_000))
	small := Limits{MaxSide: 64, MaxBytes: 64 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Clean(data, small)
		if err != nil {
			return
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(img.Data))
		if err != nil || cfg.Width > small.MaxSide || cfg.Height > small.MaxSide || len(img.Data) > small.MaxBytes {
			t.Fatalf("accepted output: %v %+v %d bytes", err, cfg, len(img.Data))
		}
	})
}
