package engine

import "strings"

// LanguageName returns the English name of a language by its ISO 639
// code as scenarios write it ("sk" is Slovak, "rom" Romani), or the code
// itself when it is not one this knows.
func LanguageName(code string) string {
	switch code {
	case "am":
		return "Amharic"
	case "ar":
		return "Arabic"
	case "bg":
		return "Bulgarian"
	case "bn":
		return "Bengali"
	case "cs":
		return "Czech"
	case "cy":
		return "Welsh"
	case "de":
		return "German"
	case "el":
		return "Greek"
	case "en":
		return "English"
	case "es":
		return "Spanish"
	case "et":
		return "Estonian"
	case "fa":
		return "Persian"
	case "fr":
		return "French"
	case "gu":
		return "Gujarati"
	case "hi":
		return "Hindi"
	case "hr":
		return "Croatian"
	case "hu":
		return "Hungarian"
	case "it":
		return "Italian"
	case "ku":
		return "Kurdish"
	case "lt":
		return "Lithuanian"
	case "lv":
		return "Latvian"
	case "ms":
		return "Malay"
	case "ne":
		return "Nepali"
	case "nl":
		return "Dutch"
	case "pa":
		return "Punjabi"
	case "pl":
		return "Polish"
	case "ps":
		return "Pashto"
	case "pt":
		return "Portuguese"
	case "ro":
		return "Romanian"
	case "rom":
		return "Romani"
	case "ru":
		return "Russian"
	case "sk":
		return "Slovak"
	case "sl":
		return "Slovenian"
	case "so":
		return "Somali"
	case "sq":
		return "Albanian"
	case "sr":
		return "Serbian"
	case "ta":
		return "Tamil"
	case "th":
		return "Thai"
	case "ti":
		return "Tigrinya"
	case "tl":
		return "Tagalog"
	case "tr":
		return "Turkish"
	case "uk":
		return "Ukrainian"
	case "ur":
		return "Urdu"
	case "vi":
		return "Vietnamese"
	case "zh":
		return "Chinese"
	}
	return code
}

// languageNames names languages by name, joined with "/".
func languageNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = LanguageName(c)
	}
	return strings.Join(names, "/")
}
