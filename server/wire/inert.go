package wire

import "reflect"

// MakeInert cleans every string a decoded server message holds with
// [CleanText], in place, so that a client renders nothing from the wire
// that a terminal would act on (escape sequences, control characters),
// whatever the server let through. v is a pointer to a message, as
// [DecodeServer] returns it.
func MakeInert(v any) {
	inert(reflect.ValueOf(v), 0)
}

// maxInertDepth bounds the walk; messages are shallow.
const maxInertDepth = 32

func inert(v reflect.Value, depth int) {
	if depth > maxInertDepth {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			inert(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() || f.Kind() != reflect.String {
				inert(f, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			inert(v.Index(i), depth+1)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			val := iter.Value()
			if val.Kind() == reflect.String {
				v.SetMapIndex(iter.Key(), reflect.ValueOf(CleanText(val.String())).Convert(val.Type()))
				continue
			}
			if val.Kind() == reflect.Pointer || val.Kind() == reflect.Slice || val.Kind() == reflect.Map {
				inert(val, depth+1)
			}
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); CleanText(s) != s {
				v.SetString(CleanText(s))
			}
		}
	}
}
