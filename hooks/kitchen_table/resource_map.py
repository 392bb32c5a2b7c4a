"""resources.geojson: every community resource as a point on the map, for the resources map
page and for anyone who reuses the open data (GeoJSON, RFC 7946; the HSDS tables are hsds.py)."""

from __future__ import annotations

from typing import Any

from .resources import Resource
from .taxonomy import Taxonomy


def geojson(
    resources: tuple[Resource, ...] | list[Resource], taxonomy: Taxonomy, site_url: str = ""
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946) of every resource, with its English words."""
    base = site_url.rstrip("/")
    features = []
    for resource in resources:
        english = resource.texts["en"]
        features.append(
            {
                "type": "Feature",
                "id": resource.id,
                # RFC 7946 3.2: a feature without a position has a null geometry
                "geometry": {
                    "type": "Point",
                    "coordinates": [resource.longitude, resource.latitude],
                }
                if resource.has_position
                else None,
                "properties": {
                    "id": resource.id,
                    "name": english.name,
                    "organization": resource.organization,
                    "description": english.description,
                    "category": resource.category,
                    "category_label": taxonomy.resource_categories[resource.category].labels["en"],
                    "address": resource.address,
                    "phone": resource.phone,
                    "website": resource.website,
                    "email": resource.email,
                    "languages": list(resource.languages),
                    "free": resource.free,
                    "last_verified": resource.last_verified.isoformat(),
                    "url": f"{base}/resources/{resource.id}/"
                    if base
                    else f"resources/{resource.id}/",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
