"""meta.schema.json as code: written by scripts/schema_validity.py from fastjsonschema 2.22.3; do not edit."""
VERSION = "2.22.3"
from decimal import Decimal
from . import Refused as JsonSchemaValueException, Refused as JsonSchemaValuesException


NoneType = type(None)

def validate_https___evidence_site_dev_schemas_meta_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/meta.schema.json', 'title': 'evidence sidecar (<file>.meta.yml) or Markdown front matter', 'description': 'Binds an evidence file to items and says what kind it is and when it was collected. See docs/format.md.', 'type': 'object', 'properties': {'items': {'description': 'item refs (<section-id>/<item-id>) the file is evidence for', 'type': 'array', 'items': {'type': 'string'}}, 'kind': {'description': 'the evidence kind, when it cannot be told from the file (see docs/evidence-kinds.md)', 'type': 'string'}, 'collected': {'description': 'when the evidence was collected, an ISO-8601 time; decides freshness'}, 'source': {'description': 'the URL (or report file) the evidence was taken from; evidence collect writes it, and an http-headers check with https: true reads its scheme', 'type': 'string'}, 'tls': {'description': 'the TLS connection of the final response, as evidence collect http records it', 'type': 'object'}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "items" in data_keys:
            data_keys.remove("items")
            data__items = data["items"]
            if not isinstance(data__items, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".items must be array", value=data__items, name="" + (name_prefix or "data") + ".items", definition={'description': 'item refs (<section-id>/<item-id>) the file is evidence for', 'type': 'array', 'items': {'type': 'string'}}, rule='type')
            data__items_is_list = isinstance(data__items, (list, tuple))
            if data__items_is_list:
                data__items_len = len(data__items)
                for data__items_x, data__items_item in enumerate(data__items):
                    if not isinstance(data__items_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".items[{data__items_x}]".format(**locals()) + " must be string", value=data__items_item, name="" + (name_prefix or "data") + ".items[{data__items_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not isinstance(data__kind, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be string", value=data__kind, name="" + (name_prefix or "data") + ".kind", definition={'description': 'the evidence kind, when it cannot be told from the file (see docs/evidence-kinds.md)', 'type': 'string'}, rule='type')
        if "collected" in data_keys:
            data_keys.remove("collected")
            data__collected = data["collected"]
        if "source" in data_keys:
            data_keys.remove("source")
            data__source = data["source"]
            if not isinstance(data__source, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".source must be string", value=data__source, name="" + (name_prefix or "data") + ".source", definition={'description': 'the URL (or report file) the evidence was taken from; evidence collect writes it, and an http-headers check with https: true reads its scheme', 'type': 'string'}, rule='type')
        if "tls" in data_keys:
            data_keys.remove("tls")
            data__tls = data["tls"]
            if not isinstance(data__tls, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".tls must be object", value=data__tls, name="" + (name_prefix or "data") + ".tls", definition={'description': 'the TLS connection of the final response, as evidence collect http records it', 'type': 'object'}, rule='type')
    return data

validate = validate_https___evidence_site_dev_schemas_meta_schema_json
