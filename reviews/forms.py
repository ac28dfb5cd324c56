from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from accounts.forms import AVATAR_FORMATS, clean_avatar_copy

from .changes import ReviewText
from .models import VenueReview

STAR_CHOICES = [(n, f"{n} star" + ("s" if n > 1 else "")) for n in (5, 4, 3, 2, 1)]
MAX_PHOTOS = 3


def stars(label):
    return forms.TypedChoiceField(
        label=label, choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect
    )


def check_photo(upload):
    """The limits every image upload has (Wagtail's), and the formats a browser shows."""
    if upload.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
        limit = filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
        raise forms.ValidationError(f"A photo is too large; the limit is {limit}.")
    image = getattr(upload, "image", None)
    if image is None or image.format not in AVATAR_FORMATS:
        raise forms.ValidationError("Upload JPEG, PNG or WebP photos.")
    width, height = image.size
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise forms.ValidationError("A photo has too many pixels.")


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.ImageField):
    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(f"At most {MAX_PHOTOS} photos, please.")
        cleaned = []
        for upload in uploads:
            upload = super().clean(upload, initial)
            check_photo(upload)
            # Re-encoded: no camera metadata (photos carry GPS positions).
            copy = clean_avatar_copy(upload)
            copy.name = upload.name
            cleaned.append(copy)
        return cleaned


class ReviewForm(forms.ModelForm):
    rating = stars("Overall")
    service_rating = stars("Service")
    cleanliness_rating = stars("Cleanliness")
    value_rating = stars("Value for money")
    photos = PhotosField(
        required=False,
        label="Photos (optional)",
        help_text=f"Up to {MAX_PHOTOS} JPEG, PNG or WebP pictures.",
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = VenueReview
        fields = ["rating", "service_rating", "cleanliness_rating", "value_rating", "title", "body"]
        labels = {"body": "Your review"}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < settings.REVIEWS_MIN_LENGTH:
            raise forms.ValidationError(
                f"Please write at least {settings.REVIEWS_MIN_LENGTH} characters."
            )
        return body

    def review_text(self) -> ReviewText:
        data = self.cleaned_data
        return ReviewText(
            rating=data["rating"],
            service_rating=data["service_rating"],
            cleanliness_rating=data["cleanliness_rating"],
            value_rating=data["value_rating"],
            title=data["title"].strip(),
            body=data["body"],
        )


class ReplyForm(forms.Form):
    reply = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class EditReviewForm(ReviewForm):
    photos = None  # photos are added with the review; an edit changes the words and stars
