"""What hangs off a venue page: tags, gallery pictures, team members and FAQs (in order)."""

from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

MAX_TEAM_MEMBERS = 5
MAX_FAQS = 5


class VenuePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "venues.VenuePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class VenueGalleryImage(Orderable):
    venue = ParentalKey("venues.VenuePage", on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    def __str__(self):
        return self.caption or str(self.image)


class TeamMember(Orderable):
    venue = ParentalKey("venues.VenuePage", on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=100, help_text="For example: Senior therapist.")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField("Short bio", max_length=400, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("bio")]

    def __str__(self):
        return self.name


class VenueFAQ(Orderable):
    venue = ParentalKey("venues.VenuePage", on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = models.TextField(max_length=1500)

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question
