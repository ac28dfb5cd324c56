"""The admin chooser for Oscar vouchers, used by the landing pages' voucher block."""

from oscar.core.loading import get_model
from wagtail.admin.viewsets.chooser import ChooserViewSet

from core.choosers import TitleSearchForm


class VoucherSearchForm(TitleSearchForm):
    search_fields = ("name", "code")


class VoucherChooserViewSet(ChooserViewSet):
    model = "voucher.Voucher"
    icon = "key"
    choose_one_text = "Choose a voucher"
    choose_another_text = "Choose another voucher"
    filter_form_class = VoucherSearchForm

    def get_object_list(self):
        return get_model("voucher", "Voucher").objects.order_by("-start_datetime")


voucher_chooser = VoucherChooserViewSet("voucher_chooser", url_prefix="choosers/vouchers")
