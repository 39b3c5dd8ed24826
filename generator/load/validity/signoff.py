"""signoff.schema.json as code: written by scripts/schema_validity.py from fastjsonschema 2.22.3; do not edit."""
VERSION = "2.22.3"
from decimal import Decimal
import re
from . import Refused as JsonSchemaValueException, Refused as JsonSchemaValuesException


REGEX_PATTERNS = {
    '^sha256:[0-9a-f]{64}$': re.compile('^sha256:[0-9a-f]{64}\\Z')
}

NoneType = type(None)

def validate_https___evidence_site_dev_schemas_signoff_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/signoff.schema.json', 'title': 'sign-off record (evidence/<release>/signoffs/<role>.yml)', 'description': "A role's decision on a release, verified against git: the commit must be the approver's. `evidence signoff` writes one. See docs/provenance.md.", 'type': 'object', 'required': ['kind', 'role', 'approver', 'decision', 'date'], 'additionalProperties': False, 'properties': {'kind': {'description': 'always signoff', 'const': 'signoff'}, 'role': {'description': 'a role from content/approvers.yml', 'type': 'string'}, 'approver': {'description': "the approver's e-mail address, a member of the role", 'type': 'string'}, 'decision': {'description': 'approved, approved-with-conditions (then give conditions) or rejected', 'enum': ['approved', 'approved-with-conditions', 'rejected']}, 'date': {'description': 'the day of the decision, an ISO-8601 date'}, 'scope': {'description': 'release (the evidence of items due before release), or a list of section ids and item refs', 'anyOf': [{'const': 'release'}, {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}]}, 'conditions': {'description': 'required with approved-with-conditions', 'type': 'string'}, 'evidence_digest': {'description': 'sha256 of the evidence in scope when signed; the sign-off turns stale when it changes', 'type': 'string', 'pattern': '^sha256:[0-9a-f]{64}$'}, 'comment': {'description': 'free text', 'type': 'string'}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['kind', 'role', 'approver', 'decision', 'date']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/signoff.schema.json', 'title': 'sign-off record (evidence/<release>/signoffs/<role>.yml)', 'description': "A role's decision on a release, verified against git: the commit must be the approver's. `evidence signoff` writes one. See docs/provenance.md.", 'type': 'object', 'required': ['kind', 'role', 'approver', 'decision', 'date'], 'additionalProperties': False, 'properties': {'kind': {'description': 'always signoff', 'const': 'signoff'}, 'role': {'description': 'a role from content/approvers.yml', 'type': 'string'}, 'approver': {'description': "the approver's e-mail address, a member of the role", 'type': 'string'}, 'decision': {'description': 'approved, approved-with-conditions (then give conditions) or rejected', 'enum': ['approved', 'approved-with-conditions', 'rejected']}, 'date': {'description': 'the day of the decision, an ISO-8601 date'}, 'scope': {'description': 'release (the evidence of items due before release), or a list of section ids and item refs', 'anyOf': [{'const': 'release'}, {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}]}, 'conditions': {'description': 'required with approved-with-conditions', 'type': 'string'}, 'evidence_digest': {'description': 'sha256 of the evidence in scope when signed; the sign-off turns stale when it changes', 'type': 'string', 'pattern': '^sha256:[0-9a-f]{64}$'}, 'comment': {'description': 'free text', 'type': 'string'}}}, rule='required')
        data_keys = set(data.keys())
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'signoff'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be same as const definition: signoff", value=data__kind, name="" + (name_prefix or "data") + ".kind", definition={'description': 'always signoff', 'const': 'signoff'}, rule='const')
        if "role" in data_keys:
            data_keys.remove("role")
            data__role = data["role"]
            if not isinstance(data__role, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".role must be string", value=data__role, name="" + (name_prefix or "data") + ".role", definition={'description': 'a role from content/approvers.yml', 'type': 'string'}, rule='type')
        if "approver" in data_keys:
            data_keys.remove("approver")
            data__approver = data["approver"]
            if not isinstance(data__approver, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".approver must be string", value=data__approver, name="" + (name_prefix or "data") + ".approver", definition={'description': "the approver's e-mail address, a member of the role", 'type': 'string'}, rule='type')
        if "decision" in data_keys:
            data_keys.remove("decision")
            data__decision = data["decision"]
            if not (isinstance(data__decision, str) and data__decision == 'approved' or isinstance(data__decision, str) and data__decision == 'approved-with-conditions' or isinstance(data__decision, str) and data__decision == 'rejected'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".decision must be one of ['approved', 'approved-with-conditions', 'rejected']", value=data__decision, name="" + (name_prefix or "data") + ".decision", definition={'description': 'approved, approved-with-conditions (then give conditions) or rejected', 'enum': ['approved', 'approved-with-conditions', 'rejected']}, rule='enum')
        if "date" in data_keys:
            data_keys.remove("date")
            data__date = data["date"]
        if "scope" in data_keys:
            data_keys.remove("scope")
            data__scope = data["scope"]
            data__scope_any_of_count1 = 0
            if not data__scope_any_of_count1:
                try:
                    if not (isinstance(data__scope, str) and data__scope == 'release'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scope must be same as const definition: release", value=data__scope, name="" + (name_prefix or "data") + ".scope", definition={'const': 'release'}, rule='const')
                    data__scope_any_of_count1 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__scope_any_of_count1:
                try:
                    if not isinstance(data__scope, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".scope must be array", value=data__scope, name="" + (name_prefix or "data") + ".scope", definition={'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='type')
                    data__scope_is_list = isinstance(data__scope, (list, tuple))
                    if data__scope_is_list:
                        data__scope_len = len(data__scope)
                        if data__scope_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".scope must contain at least 1 items", value=data__scope, name="" + (name_prefix or "data") + ".scope", definition={'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='minItems')
                        for data__scope_x, data__scope_item in enumerate(data__scope):
                            if not isinstance(data__scope_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".scope[{data__scope_x}]".format(**locals()) + " must be string", value=data__scope_item, name="" + (name_prefix or "data") + ".scope[{data__scope_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                    data__scope_any_of_count1 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if not data__scope_any_of_count1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".scope cannot be validated by any definition", value=data__scope, name="" + (name_prefix or "data") + ".scope", definition={'description': 'release (the evidence of items due before release), or a list of section ids and item refs', 'anyOf': [{'const': 'release'}, {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}]}, rule='anyOf')
        if "conditions" in data_keys:
            data_keys.remove("conditions")
            data__conditions = data["conditions"]
            if not isinstance(data__conditions, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".conditions must be string", value=data__conditions, name="" + (name_prefix or "data") + ".conditions", definition={'description': 'required with approved-with-conditions', 'type': 'string'}, rule='type')
        if "evidence_digest" in data_keys:
            data_keys.remove("evidence_digest")
            data__evidencedigest = data["evidence_digest"]
            if not isinstance(data__evidencedigest, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".evidence_digest must be string", value=data__evidencedigest, name="" + (name_prefix or "data") + ".evidence_digest", definition={'description': 'sha256 of the evidence in scope when signed; the sign-off turns stale when it changes', 'type': 'string', 'pattern': '^sha256:[0-9a-f]{64}$'}, rule='type')
            if isinstance(data__evidencedigest, str):
                if not REGEX_PATTERNS['^sha256:[0-9a-f]{64}$'].search(data__evidencedigest):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".evidence_digest must match pattern ^sha256:[0-9a-f]{64}$", value=data__evidencedigest, name="" + (name_prefix or "data") + ".evidence_digest", definition={'description': 'sha256 of the evidence in scope when signed; the sign-off turns stale when it changes', 'type': 'string', 'pattern': '^sha256:[0-9a-f]{64}$'}, rule='pattern')
        if "comment" in data_keys:
            data_keys.remove("comment")
            data__comment = data["comment"]
            if not isinstance(data__comment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".comment must be string", value=data__comment, name="" + (name_prefix or "data") + ".comment", definition={'description': 'free text', 'type': 'string'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/signoff.schema.json', 'title': 'sign-off record (evidence/<release>/signoffs/<role>.yml)', 'description': "A role's decision on a release, verified against git: the commit must be the approver's. `evidence signoff` writes one. See docs/provenance.md.", 'type': 'object', 'required': ['kind', 'role', 'approver', 'decision', 'date'], 'additionalProperties': False, 'properties': {'kind': {'description': 'always signoff', 'const': 'signoff'}, 'role': {'description': 'a role from content/approvers.yml', 'type': 'string'}, 'approver': {'description': "the approver's e-mail address, a member of the role", 'type': 'string'}, 'decision': {'description': 'approved, approved-with-conditions (then give conditions) or rejected', 'enum': ['approved', 'approved-with-conditions', 'rejected']}, 'date': {'description': 'the day of the decision, an ISO-8601 date'}, 'scope': {'description': 'release (the evidence of items due before release), or a list of section ids and item refs', 'anyOf': [{'const': 'release'}, {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}]}, 'conditions': {'description': 'required with approved-with-conditions', 'type': 'string'}, 'evidence_digest': {'description': 'sha256 of the evidence in scope when signed; the sign-off turns stale when it changes', 'type': 'string', 'pattern': '^sha256:[0-9a-f]{64}$'}, 'comment': {'description': 'free text', 'type': 'string'}}}, rule='additionalProperties')
    return data

validate = validate_https___evidence_site_dev_schemas_signoff_schema_json
