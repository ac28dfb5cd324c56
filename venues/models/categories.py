from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class VenueCategory(index.Indexed, models.Model):
    """What kind of place a venue is (spa, salon, studio…): a snippet, one per venue."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in filter links.")
    description = models.TextField(blank=True, max_length=300)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "venue categories"

    def __str__(self):
        return self.name
