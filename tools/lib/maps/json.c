// SPDX-License-Identifier: MIT
/*
 * The documented JSON form of a memory map (docs/simulator.md):
 *
 *   {"version": 1, "source": "where it came from", "desc_size": 48,
 *    "phys_bits": 39,
 *    "entries": [{"type": 7, "start": "0x100000", "pages": 1792,
 *                 "attr": "0xf"}, ...],
 *    "numa": [{"node": 0, "start": "0x0", "end": "0x80000000"}, ...]}
 *
 * "type" is an EFI type number or name ("Conventional", "BS_Data", ...);
 * numbers may be JSON integers or strings ("0x..." hex or decimal); "attr"
 * defaults to 0xf (UC|WC|WT|WB); "numa" ranges are [start, end).  Only
 * "version", "entries" and each entry's "type", "start" and "pages" are
 * required; a "comment" key is allowed in every object.  Unknown keys are
 * errors (a typo must not silently drop a field).
 *
 * A small recursive-descent reader builds a tree with the line and column
 * of every value, so that every error names FILE:LINE:COL.
 */
#include <maps/sim_map.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 16

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype type;
	unsigned int line, col;
	char *text; /* J_STR contents, J_NUM digits, J_BOOL "true"/"false" */
	struct jv *kids; /* J_ARR elements, J_OBJ values */
	char **keys; /* J_OBJ */
	unsigned int n;
};

struct jparser {
	struct sim_map *m;
	const char *p, *end;
	unsigned int line, col;
};

static void jv_free(struct jv *v)
{
	for (unsigned int i = 0; i < v->n; i++) {
		jv_free(&v->kids[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	free(v->text);
}

static int jerr(struct jparser *jp, const char *what)
{
	return sim_map_error(jp->m, jp->line, jp->col, "JSON: %s", what);
}

static void advance(struct jparser *jp)
{
	if (*jp->p == '\n') {
		jp->line++;
		jp->col = 1;
	} else {
		jp->col++;
	}
	jp->p++;
}

static void skip_ws(struct jparser *jp)
{
	while (jp->p < jp->end && isspace((unsigned char)*jp->p))
		advance(jp);
}

static int parse_value(struct jparser *jp, struct jv *v, int depth);

static int parse_string(struct jparser *jp, char **out)
{
	size_t cap = 16, n = 0;
	char *s = malloc(cap);

	if (!s)
		return -ENOMEM;
	advance(jp); /* the opening quote */
	for (;;) {
		char c;

		if (jp->p >= jp->end || *jp->p == '\n') {
			free(s);
			return jerr(jp, "unterminated string");
		}
		c = *jp->p;
		if (c == '"') {
			advance(jp);
			break;
		}
		if ((unsigned char)c < 0x20) {
			free(s);
			return jerr(jp, "control character in string");
		}
		if (c == '\\') {
			advance(jp);
			if (jp->p >= jp->end) {
				free(s);
				return jerr(jp, "unterminated string");
			}
			c = *jp->p;
			switch (c) {
			case '"':
			case '\\':
			case '/':
				break;
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			default:
				/* \uXXXX: not needed for maps */
				free(s);
				return jerr(jp, "unsupported escape in string");
			}
		}
		if (n + 2 > cap) {
			char *t = realloc(s, cap *= 2);

			if (!t) {
				free(s);
				return -ENOMEM;
			}
			s = t;
		}
		s[n++] = c;
		advance(jp);
	}
	s[n] = '\0';
	*out = s;
	return 0;
}

static int parse_container(struct jparser *jp, struct jv *v, int depth)
{
	bool obj = *jp->p == '{';
	char close = obj ? '}' : ']';
	unsigned int cap = 0;
	int err;

	v->type = obj ? J_OBJ : J_ARR;
	advance(jp);
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		advance(jp);
		return 0;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(jp);
		if (obj) {
			if (jp->p >= jp->end || *jp->p != '"')
				return jerr(jp, "expected a \"key\"");
			err = parse_string(jp, &key);
			if (err)
				return err;
			skip_ws(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				return jerr(jp, "expected ':' after the key");
			}
			advance(jp);
		}
		if (v->n == cap) {
			struct jv *k;
			char **ks;

			cap = cap ? cap * 2 : 8;
			k = realloc(v->kids, cap * sizeof(*k));
			if (!k) {
				free(key);
				return -ENOMEM;
			}
			v->kids = k;
			if (obj) {
				ks = realloc(v->keys, cap * sizeof(*ks));
				if (!ks) {
					free(key);
					return -ENOMEM;
				}
				v->keys = ks;
			}
		}
		memset(&v->kids[v->n], 0, sizeof(v->kids[0]));
		if (obj)
			v->keys[v->n] = key;
		v->n++;
		err = parse_value(jp, &v->kids[v->n - 1], depth + 1);
		if (err)
			return err;
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			advance(jp);
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			advance(jp);
			return 0;
		}
		return jerr(jp, obj ? "expected ',' or '}'" :
				      "expected ',' or ']'");
	}
}

static int parse_value(struct jparser *jp, struct jv *v, int depth)
{
	static const char *const words[] = { "true", "false", "null" };

	skip_ws(jp);
	v->line = jp->line;
	v->col = jp->col;
	if (depth > JSON_MAX_DEPTH)
		return jerr(jp, "nested too deeply");
	if (jp->p >= jp->end)
		return jerr(jp, "unexpected end of input");
	if (*jp->p == '{' || *jp->p == '[')
		return parse_container(jp, v, depth);
	if (*jp->p == '"') {
		v->type = J_STR;
		return parse_string(jp, &v->text);
	}
	if (*jp->p == '-' || isdigit((unsigned char)*jp->p)) {
		const char *s = jp->p;

		while (jp->p < jp->end && (isalnum((unsigned char)*jp->p) ||
					   strchr("+-.", *jp->p)))
			advance(jp);
		v->type = J_NUM;
		v->text = strndup(s, jp->p - s);
		return v->text ? 0 : -ENOMEM;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(words); i++) {
		size_t n = strlen(words[i]);

		if ((size_t)(jp->end - jp->p) >= n &&
		    !strncmp(jp->p, words[i], n)) {
			v->type = i < 2 ? J_BOOL : J_NULL;
			v->text = strdup(words[i]);
			for (size_t k = 0; k < n; k++)
				advance(jp);
			return v->text ? 0 : -ENOMEM;
		}
	}
	return jerr(jp, "expected a value");
}

/* ---- interpretation ------------------------------------------------------ */

static int verr(struct sim_map *m, const struct jv *v, const char *what,
		const char *key)
{
	return sim_map_error(m, v->line, v->col, "JSON: \"%s\": %s", key, what);
}

/* An integer: JSON number (decimal) or string ("0x..." or decimal). */
static int get_u64(struct sim_map *m, const struct jv *v, const char *key,
		   u64 *out)
{
	char *end;

	if ((v->type != J_NUM && v->type != J_STR) || !v->text[0] ||
	    v->text[0] == '-')
		return verr(
			m, v,
			"expected a non-negative integer or a \"0x...\" string",
			key);
	errno = 0;
	*out = strtoull(v->text, &end, v->type == J_STR ? 0 : 10);
	if (*end || errno)
		return verr(m, v, "not an integer", key);
	return 0;
}

static const struct jv *member(const struct jv *obj, const char *key)
{
	for (unsigned int i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->kids[i];
	return NULL;
}

/* Every key of obj must be in allowed (NULL-terminated) or "comment". */
static int check_keys(struct sim_map *m, const struct jv *obj,
		      const char *const *allowed)
{
	for (unsigned int i = 0; i < obj->n; i++) {
		const char *const *a = allowed;

		if (!strcmp(obj->keys[i], "comment"))
			continue;
		while (*a && strcmp(*a, obj->keys[i]))
			a++;
		if (!*a)
			return verr(m, &obj->kids[i], "unknown key",
				    obj->keys[i]);
	}
	return 0;
}

static int need(struct sim_map *m, const struct jv *obj, const char *key,
		const struct jv **out)
{
	*out = member(obj, key);
	if (!*out)
		return sim_map_error(m, obj->line, obj->col,
				     "JSON: missing \"%s\"", key);
	return 0;
}

static int read_entry(struct sim_map *m, const struct jv *e)
{
	static const char *const keys[] = { "type", "start", "pages", "attr",
					    NULL };
	const struct jv *t, *s, *p, *a;
	u64 type, start, pages,
		attr = EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT |
		       EFI_MEMORY_WB;
	int err;

	if (e->type != J_OBJ)
		return sim_map_error(m, e->line, e->col,
				     "JSON: an entry must be an object");
	err = check_keys(m, e, keys);
	err = err ?: need(m, e, "type", &t);
	err = err ?: need(m, e, "start", &s);
	err = err ?: need(m, e, "pages", &p);
	if (err)
		return err;
	if (t->type == J_STR && !isdigit((unsigned char)t->text[0])) {
		int ty = sim_efi_type_from_name(t->text, strlen(t->text));

		if (ty < 0)
			return verr(m, t, "unknown EFI memory type name",
				    "type");
		type = (u64)ty;
	} else if (get_u64(m, t, "type", &type)) {
		return -EINVAL;
	} else if (type > 0xffffffffULL) {
		return verr(m, t, "type does not fit 32 bits", "type");
	}
	err = get_u64(m, s, "start", &start);
	err = err ?: get_u64(m, p, "pages", &pages);
	a = member(e, "attr");
	if (!err && a)
		err = get_u64(m, a, "attr", &attr);
	if (err)
		return err;
	if (start & (EFI_PAGE_SIZE - 1))
		return verr(m, s, "start is not 4 KiB aligned", "start");
	return sim_map_add_efi(m, e->line, (u32)type, start, pages, attr);
}

static int read_node(struct sim_map *m, const struct jv *n)
{
	static const char *const keys[] = { "node", "start", "end", NULL };
	const struct jv *id, *s, *e;
	u64 node, start, end;
	int err;

	if (n->type != J_OBJ)
		return sim_map_error(m, n->line, n->col,
				     "JSON: a numa range must be an object");
	err = check_keys(m, n, keys);
	err = err ?: need(m, n, "node", &id);
	err = err ?: need(m, n, "start", &s);
	err = err ?: need(m, n, "end", &e);
	err = err ?: get_u64(m, id, "node", &node);
	err = err ?: get_u64(m, s, "start", &start);
	err = err ?: get_u64(m, e, "end", &end);
	if (err)
		return err;
	if (end <= start)
		return verr(m, e, "end must be above start", "end");
	if (node > 1023)
		return verr(m, id, "node number above 1023", "node");
	return sim_map_add_node(m, n->line, (int)node, start, end);
}

static int interpret(struct sim_map *m, const struct jv *root)
{
	static const char *const keys[] = { "version",	 "source",
					    "desc_size", "desc_version",
					    "phys_bits", "entries",
					    "numa",	 NULL };
	const struct jv *v, *ents, *numa;
	u64 x;
	int err;

	if (root->type != J_OBJ)
		return sim_map_error(m, root->line, root->col,
				     "JSON: the top level must be an object");
	err = check_keys(m, root, keys);
	err = err ?: need(m, root, "version", &v);
	err = err ?: get_u64(m, v, "version", &x);
	if (err)
		return err;
	if (x != 1)
		return verr(m, v, "only version 1 is known", "version");
	if ((v = member(root, "desc_size"))) {
		err = get_u64(m, v, "desc_size", &m->desc_size);
		m->desc_version = EFI_MEMDESC_VERSION;
	}
	if (!err && (v = member(root, "desc_version"))) {
		err = get_u64(m, v, "desc_version", &x);
		m->desc_version = (u32)x;
	}
	if (!err && (v = member(root, "phys_bits"))) {
		err = get_u64(m, v, "phys_bits", &x);
		if (!err && (x < 32 || x > 52))
			return verr(m, v, "must be 32..52", "phys_bits");
		m->phys_bits = (unsigned int)x;
	}
	if (!err && (v = member(root, "source")) && v->type != J_STR)
		return verr(m, v, "expected a string", "source");
	err = err ?: need(m, root, "entries", &ents);
	if (err)
		return err;
	if (ents->type != J_ARR)
		return verr(m, ents, "expected an array", "entries");
	for (unsigned int i = 0; !err && i < ents->n; i++)
		err = read_entry(m, &ents->kids[i]);
	numa = member(root, "numa");
	if (!err && numa) {
		if (numa->type != J_ARR)
			return verr(m, numa, "expected an array", "numa");
		for (unsigned int i = 0; !err && i < numa->n; i++)
			err = read_node(m, &numa->kids[i]);
		if (numa->n)
			m->numa_source = "json";
	}
	return err;
}

int sim_map_parse_json(struct sim_map *m, const char *text, size_t len)
{
	struct jparser jp = { m, text, text + len, 1, 1 };
	struct jv root = { 0 };
	int err;

	m->source = MEMMAP_SRC_EFI;
	m->source_name = "JSON entries";
	err = parse_value(&jp, &root, 0);
	if (!err) {
		skip_ws(&jp);
		if (jp.p < jp.end)
			err = jerr(&jp, "text after the top-level value");
	}
	if (!err)
		err = interpret(m, &root);
	jv_free(&root);
	return err;
}
