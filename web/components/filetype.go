package components

// FileType names a file's type for people: « PDF », « image PNG »,
// « document Word »…
func FileType(contentType string) string {
	switch contentType {
	case "application/pdf":
		return "PDF"
	case "image/png":
		return "image PNG"
	case "image/jpeg":
		return "image JPEG"
	case "image/gif":
		return "image GIF"
	case "image/webp":
		return "image WebP"
	case "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "document Word"
	case "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "tableur Excel"
	case "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation":
		return "présentation PowerPoint"
	case "application/vnd.oasis.opendocument.text":
		return "texte OpenDocument"
	case "application/vnd.oasis.opendocument.spreadsheet":
		return "tableur OpenDocument"
	case "application/vnd.oasis.opendocument.presentation":
		return "présentation OpenDocument"
	}
	return "fichier"
}
