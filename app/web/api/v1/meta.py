"""Who am I (lets scripts check their token)."""
from __future__ import annotations

from flask import jsonify

from app.web.api.v1 import api_user, bp, std_errors


@bp.get("/me")
def me():
    user = api_user()
    return jsonify({"id": user.id, "username": user.username, "full_name": user.full_name, "role": user.role,
                    "position_id": user.position_id})


OPENAPI_SCHEMAS = {
    "Me": {
        "type": "object",
        "required": ["id", "username", "role"],
        "properties": {
            "id": {"type": "integer"},
            "username": {"type": "string"},
            "full_name": {"type": "string"},
            "role": {"type": "string", "enum": ["admin", "arsiparis", "pejabat", "staf", "pengelola_arsip"]},
            "position_id": {"type": "integer", "nullable": True},
        },
    }
}

OPENAPI_PATHS = {
    "/api/v1/me": {
        "get": {
            "summary": "The user the request is authenticated as",
            "operationId": "getMe",
            "responses": {
                "200": {"description": "The user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}},
                **std_errors(401),
            },
        }
    }
}
