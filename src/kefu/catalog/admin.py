from django.contrib import admin

from kefu.catalog.models import (
    Department,
    DictItem,
    ProductModel,
    ProductType,
    Region,
    ServiceType,
)


@admin.register(ProductType)
class ProductTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "is_active"]
    search_fields = ["code", "name"]


@admin.register(ProductModel)
class ProductModelAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "product_type",
        "warranty_months",
        "maintenance_interval_days",
        "is_active",
    ]
    list_editable = ["maintenance_interval_days"]
    list_filter = ["product_type", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "level", "longitude", "latitude", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "full_name"]
    raw_id_fields = ["parent"]


@admin.register(Department, ServiceType)
class CodeNameAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active"]
    search_fields = ["code", "name"]


@admin.register(DictItem)
class DictItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "code", "name", "parent", "sort", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
